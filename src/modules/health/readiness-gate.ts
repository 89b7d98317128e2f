import { Injectable } from '@nestjs/common';

/**
 * Closed when the process starts draining (SIGTERM): /health/ready answers 503 at once, so a load balancer stops
 * sending new requests while the ones in flight finish.
 */
@Injectable()
export class ReadinessGate {
  private closedReason: string | null = null;

  close(reason: string): void {
    this.closedReason ??= reason;
  }

  get reason(): string | null {
    return this.closedReason;
  }
}
