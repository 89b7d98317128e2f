import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditTrail } from '../audit/audit-trail.port';
import type { Actor } from '../auth/actor';
import { accessibleSql } from '../authz/accessible-sql';
import { AuthzService } from '../authz/authz.service';
import { invalidState, notFound } from '../errors/domain-error';
import { offsetOf, Page } from '../pagination/pagination';
import { JobQueues } from './job-queues';
import { JobFailureResponseDto, ListJobFailuresQueryDto } from './job-failures.dto';
import { isJobName, JobPayload } from './queue.constants';

interface FailureRow {
  id: string;
  organization_id: string | null;
  queue: string;
  job_name: string;
  job_id: string;
  payload: JobPayload;
  error: string;
  attempts_made: number;
  failed_at: Date;
  retried_at: Date | null;
  retried_by_user_id: string | null;
  retry_job_id: string | null;
}

const FIELDS = { organizationId: 'f.organization_id' };

/** Jobs that exhausted their attempts, for administrators to inspect and run again (handlers are idempotent). */
@Injectable()
export class JobFailuresService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditTrail,
    private readonly queues: JobQueues,
  ) {}

  async list(actor: Actor, q: ListJobFailuresQueryDto): Promise<Page<JobFailureResponseDto>> {
    const filter = accessibleSql(actor.ability, 'read', 'JobFailure', FIELDS);
    const conds = [filter.sql];
    if (!q.includeRetried) conds.push('f.retried_at IS NULL');
    const where = conds.join(' AND ');
    const params = [...filter.params];
    const rows = (await this.txHost.tx.query(
      `SELECT f.* FROM job_failures f WHERE ${where} ORDER BY f.failed_at DESC, f.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, offsetOf(q)],
    )) as FailureRow[];
    const [{ count }] = (await this.txHost.tx.query(`SELECT count(*)::int AS count FROM job_failures f WHERE ${where}`, params)) as { count: number }[];
    return { items: rows.map(toResponse), total: count, page: q.page, pageSize: q.pageSize };
  }

  @Transactional()
  async retry(actor: Actor, id: string): Promise<JobFailureResponseDto> {
    const [row] = (await this.txHost.tx.query(`SELECT * FROM job_failures WHERE id = $1 FOR UPDATE`, [id])) as FailureRow[];
    if (!row) throw notFound('Công việc lỗi');
    this.authz.assert(actor, 'retry', 'JobFailure', { organizationId: row.organization_id }, 'Công việc lỗi');
    if (row.retried_at) throw invalidState('Công việc này đã được cho chạy lại.');
    if (!isJobName(row.job_name)) throw invalidState(`Phiên bản này không còn xử lý loại công việc "${row.job_name}".`);
    // The failed job is kept 14 days: retry it in place (same id); once it is gone, enqueue a copy under a new id.
    const queue = this.queues.queueOf(row.job_name);
    const existing = await queue.getJob(row.job_id);
    const inPlace = !!existing && (await existing.isFailed());
    const retryJobId = inPlace ? row.job_id : `retry-${row.id}`;
    // This failure is marked retried BEFORE the job runs again: a job that fails again at once records a new failure
    // (job-workers.ts inserts unless an unretried one of the same job exists; meeting this uncommitted update, it waits
    // for the commit). Marked after, a quick second failure was lost (seen on a loaded CI machine).
    const [[updated]] = (await this.txHost.tx.query(
      `UPDATE job_failures SET retried_at = now(), retried_by_user_id = $2, retry_job_id = $3 WHERE id = $1 RETURNING *`,
      [id, actor.userId, retryJobId],
    )) as [FailureRow[], number];
    await this.audit.append({
      organizationId: row.organization_id, actorUserId: actor.userId, action: 'job.retried', entityType: 'JobFailure', entityId: id,
      data: { queue: row.queue, jobName: row.job_name, jobId: row.job_id },
    });
    // Last, so that a queue that refuses rolls the marking back.
    if (inPlace) await existing.retry('failed');
    else await this.queues.add(row.job_name, row.payload, { jobId: retryJobId });
    return toResponse(updated);
  }
}

function toResponse(r: FailureRow): JobFailureResponseDto {
  return {
    id: r.id, organizationId: r.organization_id, queue: r.queue, jobName: r.job_name, jobId: r.job_id, payload: r.payload,
    error: r.error, attemptsMade: r.attempts_made, failedAt: new Date(r.failed_at).toISOString(),
    retriedAt: r.retried_at ? new Date(r.retried_at).toISOString() : null, retriedByUserId: r.retried_by_user_id, retryJobId: r.retry_job_id,
  };
}
