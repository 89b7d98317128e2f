import { createServer, Server } from 'node:http';

/**
 * What answers on the port while the database is not reachable at boot: liveness says the process is alive, readiness
 * says 503 with the cause, every other path 503 in the API's error shape. Closed once the application can start.
 */
export class StandbyServer {
  private server: Server | null = null;
  private cause = 'starting';

  setCause(cause: string): void {
    this.cause = cause;
  }

  async listen(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const live = path === '/health' || path === '/health/live' || path === '/api/v1/health/live';
      const body = live
        ? { status: 'ok' }
        : path.endsWith('/health/ready')
          ? { status: 'unavailable', database: 'down', databaseCause: this.cause }
          : { error: { code: 'SERVICE_UNAVAILABLE', message: 'Hệ thống đang khởi động hoặc mất kết nối cơ sở dữ liệu, vui lòng thử lại sau ít phút.', details: [], requestId: '' } };
      res.writeHead(live ? 200 : 503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '5' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, () => resolve());
    });
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
