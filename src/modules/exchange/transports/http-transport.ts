import type { ExchangeTransport, InboundEnvelope, OutboundEnvelope } from './transport';
import { PermanentTransportError } from './transport';

export interface HttpTransportOptions {
  baseUrl: string;
  token: string | null;
  retries: number;
  backoffMs: number;
  timeoutMs?: number;
}

/**
 * HTTP to an axis endpoint (the national or provincial axis, or scripts/axis-simulator.mjs):
 * `POST /agencies { organId, name }` registers an agency; `POST /messages { messageId, from, to, kind, xml }` hands a
 * package over (the same messageId twice is one package); `GET /agencies/:organId/messages` lists what waits for an
 * agency and `DELETE /agencies/:organId/messages/:id` acknowledges one. Each call is retried with exponential backoff
 * on network errors, 408, 429 and 5xx; the job system retries the whole send again later.
 */
export class HttpTransport implements ExchangeTransport {
  readonly name = 'http' as const;

  constructor(private readonly o: HttpTransportOptions) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, this.o.backoffMs * 2 ** (attempt - 1)));
      try {
        const res = await fetch(`${this.o.baseUrl}${path}`, {
          method,
          headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.o.token ? { authorization: `Bearer ${this.o.token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
        });
        if (res.status === 408 || res.status === 429 || res.status >= 500) {
          lastError = new Error(`axis ${method} ${path}: HTTP ${res.status}`);
          await res.body?.cancel().catch(() => undefined);
          continue;
        }
        return res;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  async register(agencies: { organId: string; name: string }[]): Promise<void> {
    for (const a of agencies) {
      const res = await this.call('POST', '/agencies', a);
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok) throw new Error(`axis refused to register ${a.organId}: HTTP ${res.status}`);
    }
  }

  async send(e: OutboundEnvelope): Promise<void> {
    const res = await this.call('POST', '/messages', e);
    const text = await res.text().catch(() => '');
    if (res.ok) return;
    if (res.status >= 400 && res.status < 500) throw new PermanentTransportError(`axis refused the package: HTTP ${res.status} ${text.slice(0, 300)}`);
    throw new Error(`axis send failed: HTTP ${res.status}`);
  }

  async receive(organIds: string[]): Promise<InboundEnvelope[]> {
    const out: InboundEnvelope[] = [];
    for (const organId of organIds) {
      const path = `/agencies/${encodeURIComponent(organId)}/messages`;
      const res = await this.call('GET', `${path}?limit=50`);
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        continue;
      }
      if (!res.ok) throw new Error(`axis inbox of ${organId}: HTTP ${res.status}`);
      const body = (await res.json()) as { items: { id: string; messageId: string; xml: string }[] };
      for (const m of body.items ?? []) {
        out.push({
          messageId: m.messageId || m.id, to: organId, xml: m.xml,
          ack: async () => {
            const r = await this.call('DELETE', `${path}/${encodeURIComponent(m.id)}`);
            await r.body?.cancel().catch(() => undefined);
          },
        });
      }
    }
    return out;
  }
}
