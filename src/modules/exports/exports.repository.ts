import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { ExportFormat, ExportKind, ExportRecord } from './export.types';

const COLUMNS = `id, organization_id AS "organizationId", requested_by_user_id AS "requestedByUserId", kind, format,
  register_id AS "registerId", department_id AS "departmentId", to_char(from_day, 'YYYY-MM-DD') AS "fromDay",
  to_char(to_day, 'YYYY-MM-DD') AS "toDay", status, progress, row_count AS "rowCount", error, file_name AS "fileName",
  file_path AS "filePath", file_size::float8 AS "fileSize", created_at AS "createdAt", expires_at AS "expiresAt"`;

const requireOrg = (orgId: string): string => {
  if (!orgId) throw new Error('exports: organization id is required');
  return orgId;
};

/** SQL of the exports table. Every query names the organization first. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private q<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.txHost.tx.query(sql, params) as Promise<T[]>;
  }

  /** Serializes the requests of one user (inside the caller's transaction), so the limits hold under concurrency. */
  async lockRequester(orgId: string, userId: string): Promise<void> {
    await this.q(`SELECT pg_advisory_xact_lock(hashtext('exports:' || $1 || ':' || $2))`, [requireOrg(orgId), userId]);
  }

  async usage(orgId: string, userId: string, since: Date): Promise<{ active: number; lastHour: number; oldestInHour: Date | null }> {
    const [r] = await this.q<{ active: number; last_hour: number; oldest: Date | null }>(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS active,
              count(*) FILTER (WHERE created_at > $3)::int AS last_hour,
              min(created_at) FILTER (WHERE created_at > $3) AS oldest
         FROM exports WHERE organization_id = $1 AND requested_by_user_id = $2`,
      [requireOrg(orgId), userId, since],
    );
    return { active: r.active, lastHour: r.last_hour, oldestInHour: r.oldest };
  }

  async insert(row: {
    organizationId: string; userId: string; kind: ExportKind; format: ExportFormat; registerId: string | null;
    departmentId: string | null; from: string; to: string; createdAt: Date; expiresAt: Date;
  }): Promise<string> {
    const [r] = await this.q<{ id: string }>(
      `INSERT INTO exports (organization_id, requested_by_user_id, kind, format, register_id, department_id, from_day, to_day, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [requireOrg(row.organizationId), row.userId, row.kind, row.format, row.registerId, row.departmentId, row.from, row.to, row.createdAt, row.expiresAt],
    );
    return r.id;
  }

  /** The caller's own export: another user's (same organization or not) is simply not found. */
  async findOwn(orgId: string, userId: string, id: string): Promise<ExportRecord | null> {
    const [r] = await this.q<ExportRecord>(`SELECT ${COLUMNS} FROM exports WHERE organization_id = $1 AND requested_by_user_id = $2 AND id = $3`,
      [requireOrg(orgId), userId, id]);
    return r ?? null;
  }

  async find(orgId: string, id: string): Promise<ExportRecord | null> {
    const [r] = await this.q<ExportRecord>(`SELECT ${COLUMNS} FROM exports WHERE organization_id = $1 AND id = $2`, [requireOrg(orgId), id]);
    return r ?? null;
  }

  /** queued (or running, when a worker died mid-job and BullMQ retries it) → running; false when it is already finished. */
  async start(orgId: string, id: string, at: Date): Promise<boolean> {
    const [, n] = (await this.txHost.tx.query(
      `UPDATE exports SET status = 'running', progress = 0, row_count = 0, started_at = $3
        WHERE organization_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [requireOrg(orgId), id, at],
    )) as [unknown, number];
    return n > 0;
  }

  async progress(orgId: string, id: string, progress: number, rowCount: number): Promise<void> {
    await this.q(`UPDATE exports SET progress = $3, row_count = $4 WHERE organization_id = $1 AND id = $2 AND status = 'running'`,
      [requireOrg(orgId), id, Math.max(0, Math.min(1, progress)), rowCount]);
  }

  async finish(orgId: string, id: string, f: { rowCount: number; fileName: string; filePath: string; fileSize: number; at: Date }): Promise<boolean> {
    const [, n] = (await this.txHost.tx.query(
      `UPDATE exports SET status = 'done', progress = 1, row_count = $3, file_name = $4, file_path = $5, file_size = $6, finished_at = $7
        WHERE organization_id = $1 AND id = $2 AND status = 'running'`,
      [requireOrg(orgId), id, f.rowCount, f.fileName, f.filePath, f.fileSize, f.at],
    )) as [unknown, number];
    return n > 0;
  }

  async fail(orgId: string, id: string, error: string, at: Date): Promise<void> {
    await this.q(`UPDATE exports SET status = 'failed', error = $3, finished_at = $4 WHERE organization_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [requireOrg(orgId), id, error.slice(0, 500), at]);
  }

  /** Deployment-wide (the scheduled cleanup): removes the expired rows and returns where their files were. */
  async deleteExpired(now: Date, limit = 500): Promise<{ id: string; filePath: string | null }[]> {
    const [rows] = (await this.txHost.tx.query(
      `DELETE FROM exports WHERE id IN (SELECT id FROM exports WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)
       RETURNING id, file_path AS "filePath"`,
      [now, limit],
    )) as [{ id: string; filePath: string | null }[], number];
    return rows;
  }
}
