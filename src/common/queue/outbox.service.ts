import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxRelay } from './outbox.relay';
import { isJobName, JobName, JobPayload } from './queue.constants';

/** Set on the TypeORM query runner of a transaction that wrote outbox rows; read by OutboxCommitSubscriber. */
export const OUTBOX_PENDING = 'vanthu.outboxPending';

export interface OutboxOptions {
  /** Do not run before this many milliseconds (BullMQ delay). */
  delayMs?: number;
}

/**
 * The transactional outbox (DESIGN decision 5): a job caused by a state change is a row written in the same
 * transaction as the change. A rolled-back change leaves no row, so no job; a committed row is enqueued by the relay
 * with jobId = the row's id — right after commit, and by the relay's polling whenever the backend was down.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly relay: OutboxRelay,
  ) {}

  async add(orgId: string | null, job: JobName, payload: Omit<JobPayload, 'v' | 'orgId'>, opts: OutboxOptions = {}): Promise<string> {
    if (!isJobName(job)) throw new Error(`Unknown job "${job}"`);
    const em = this.txHost.tx;
    const [row] = (await em.query(
      `INSERT INTO outbox (organization_id, job_name, payload, delay_ms) VALUES ($1, $2, $3, $4) RETURNING id`,
      [orgId, job, JSON.stringify({ ...payload, v: 1, orgId }), opts.delayMs ?? 0],
    )) as { id: string }[];
    const runner = em.queryRunner;
    if (runner?.isTransactionActive) runner.data = { ...(runner.data ?? {}), [OUTBOX_PENDING]: true };
    else this.relay.kick(); // autocommit: the row is already visible
    return row.id;
  }
}
