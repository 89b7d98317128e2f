import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ExchangeInboundService, TakeResult } from './exchange-inbound.service';
import { ExchangeOutboundService } from './exchange-outbound.service';
import { ExchangeRepository } from './exchange.repository';
import { EXCHANGE_TRANSPORT, ExchangeTransport } from './transports/transport';

/**
 * The job `exchange.poll`: registers this deployment's agencies with the axis (once per process), fetches what waits
 * for them and takes each package in; a package is acknowledged only after it was taken in (or refused), so a crash
 * or an error leaves it on the transport for the next poll — at least once, and the intake is idempotent.
 */
@Injectable()
export class ExchangePollService {
  private readonly log = new Logger(ExchangePollService.name);
  private registered = '';
  private running: Promise<Record<string, number>> | null = null;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: ExchangeRepository,
    private readonly inbound: ExchangeInboundService,
    private readonly outbound: ExchangeOutboundService,
    @Inject(EXCHANGE_TRANSPORT) private readonly transport: ExchangeTransport,
  ) {}

  poll(): Promise<Record<string, number>> {
    // One poll at a time in a process; other processes may poll too (the intake is deduplicated in the database).
    this.running ??= this.pollOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async pollOnce(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    if (this.transport.name === 'off') return counts;
    const orgs = await this.txHost.withTransaction(() => this.repo.allOrganizations());
    const key = orgs.map((o) => o.code).join('|');
    if (key !== this.registered) {
      await this.transport.register(orgs.map((o) => ({ organId: o.code, name: o.name })));
      this.registered = key;
    }
    const envelopes = await this.transport.receive(orgs.map((o) => o.code));
    for (const e of envelopes) {
      let result: TakeResult;
      try {
        result = await this.inbound.take(e);
      } catch (error) {
        this.log.warn(`package ${e.messageId} not taken in, left for the next poll: ${(error as Error).message}`);
        counts.failed = (counts.failed ?? 0) + 1;
        continue;
      }
      counts[result] = (counts[result] ?? 0) + 1;
      await e.ack().catch((error: Error) => this.log.warn(`ack of ${e.messageId} failed (it will come again, deduplicated): ${error.message}`));
    }
    counts.resent = await this.outbound.sweep();
    return counts;
  }
}
