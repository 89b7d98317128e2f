import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';

/** The channel the `vanthu_signal_change()` trigger notifies, with the organization id as payload. */
export const CHANGE_CHANNEL = 'vanthu_changes';
/** Delivered to listeners after a reconnect: changes may have been missed, so everything is re-read. */
export const ALL_ORGANIZATIONS = '*';

/**
 * One dedicated PostgreSQL connection per process doing `LISTEN vanthu_changes`, opened when the first stream connects.
 * Every replica hears every committed change (NOTIFY is sent at commit, never for a rolled-back transaction).
 * The connection is re-opened after an error, with a growing pause.
 */
@Injectable()
export class ChangeListener implements OnModuleDestroy {
  private readonly logger = new Logger('ChangeListener');
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private handler: (orgId: string) => void = () => undefined;
  private stopped = false;
  private retryMs = 500;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onChange(handler: (orgId: string) => void): void {
    this.handler = handler;
  }

  /** Opens the LISTEN connection if it is not open (idempotent; concurrent callers share one attempt). */
  ensure(): Promise<void> {
    if (this.client || this.stopped) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'vanthu-stream-listener' });
    client.on('notification', (m) => m.channel === CHANGE_CHANNEL && m.payload && this.handler(m.payload));
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 500;
  }

  private lost(client: Client, e: Error): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this.logger.warn({ err: e.message }, 'Change listener lost its connection; reconnecting');
    client.end().catch(() => undefined);
    const retry = () => {
      if (this.stopped) return;
      this.ensure().then(() => this.handler(ALL_ORGANIZATIONS)).catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
        setTimeout(retry, this.retryMs).unref();
      });
    };
    setTimeout(retry, this.retryMs).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.connecting?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
