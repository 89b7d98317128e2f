import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { ImportKind } from './legacy-fields';
import type { LegacyRecord, RowError } from './row-parser';

export interface ImportRow {
  id: string;
  organization_id: string;
  created_by_user_id: string;
  kind: ImportKind;
  source_unit_name: string;
  year: number;
  file_name: string | null;
  file_sha256: string;
  mapping: Record<string, string>;
  columns: { letter: string; header: string }[];
  row_count: number;
  valid_count: number;
  error_count: number;
  errors: RowError[];
  records?: LegacyRecord[];
  scans: { matched: number; unmatched: string[] } | null;
  status: 'previewed' | 'committed';
  register_id: string | null;
  imported: number | null;
  skipped: number | null;
  header_rows?: number[];
  created_at: Date;
}

const BATCH = 500;

/** SQL of legacy imports. Every method takes the organization id first and refuses an empty one. */
@Injectable()
export class LegacyImportRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private org(orgId: string | null | undefined): string {
    if (!orgId) throw new Error('LegacyImportRepository: organization id is required');
    return orgId;
  }

  private async rows<R>(sql: string, params: unknown[]): Promise<R[]> {
    const result = (await this.txHost.tx.query(sql, params)) as unknown;
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as R[];
    return result as R[];
  }

  async insertImport(orgId: string, v: {
    createdByUserId: string; kind: ImportKind; sourceUnitName: string; year: number; fileName: string | null; fileSha256: string;
    mapping: Record<string, string>; columns: unknown; headerRows: number[]; rowCount: number; records: LegacyRecord[]; errors: RowError[];
    errorCount: number; scans: unknown;
  }): Promise<ImportRow> {
    const [row] = await this.rows<ImportRow>(
      `INSERT INTO legacy_imports (organization_id, created_by_user_id, kind, source_unit_name, year, file_name, file_sha256, mapping, columns,
              row_count, valid_count, error_count, errors, records, scans)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       RETURNING id, organization_id, created_by_user_id, kind, source_unit_name, year, file_name, file_sha256, mapping, columns, row_count,
                 valid_count, error_count, errors, scans, status, register_id, imported, skipped, created_at`,
      [this.org(orgId), v.createdByUserId, v.kind, v.sourceUnitName, v.year, v.fileName, v.fileSha256,
        JSON.stringify({ ...v.mapping }), JSON.stringify({ columns: v.columns, headerRows: v.headerRows }), v.rowCount, v.records.length,
        v.errorCount, JSON.stringify(v.errors), JSON.stringify(v.records), JSON.stringify(v.scans)]);
    return unpack(row);
  }

  async findImport(orgId: string, id: string, opts: { forUpdate?: boolean; withRecords?: boolean } = {}): Promise<ImportRow | null> {
    const [row] = await this.rows<ImportRow>(
      `SELECT id, organization_id, created_by_user_id, kind, source_unit_name, year, file_name, file_sha256, mapping, columns, row_count,
              valid_count, error_count, errors, scans, status, register_id, imported, skipped, created_at${opts.withRecords ? ', records' : ''}
         FROM legacy_imports WHERE organization_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`, [this.org(orgId), id]);
    return row ? unpack(row) : null;
  }

  /** Another import of the same file (same SHA-256, same kind) already committed in this organization. */
  async committedTwin(orgId: string, kind: ImportKind, sha256: string): Promise<{ id: string; register_id: string } | null> {
    const [row] = await this.rows<{ id: string; register_id: string }>(
      `SELECT id, register_id FROM legacy_imports WHERE organization_id = $1 AND kind = $2 AND file_sha256 = $3 AND status = 'committed'
        ORDER BY committed_at LIMIT 1`, [this.org(orgId), kind, sha256]);
    return row ?? null;
  }

  /** Serialises commits of the same file in an organization until the transaction ends. */
  async lockFile(orgId: string, sha256: string): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`legacy-import|${this.org(orgId)}|${sha256}`]);
  }

  /** The legacy register of an old unit for a year, created on first use (legacy = true: vanthu never numbers it). */
  async ensureLegacyRegister(orgId: string, kind: 'incoming' | 'outgoing', year: number, name: string): Promise<string> {
    const find = () => this.rows<{ id: string }>(
      `SELECT id FROM registers WHERE organization_id = $1 AND kind = $2 AND year = $3 AND department_id IS NULL AND lower(name) = lower($4)`,
      [orgId, kind, year, name]);
    const [found] = await find();
    if (found) return found.id;
    await this.rows(
      `INSERT INTO registers (organization_id, kind, name, year, department_id, confidential, is_default, legacy)
       VALUES ($1, $2, $3, $4, NULL, false, false, true) ON CONFLICT DO NOTHING`, [this.org(orgId), kind, name, year]);
    const [created] = await find();
    return created.id;
  }

  async registerIsLegacy(orgId: string, registerId: string): Promise<boolean> {
    const [row] = await this.rows<{ legacy: boolean }>(`SELECT legacy FROM registers WHERE organization_id = $1 AND id = $2`, [this.org(orgId), registerId]);
    return !!row?.legacy;
  }

  /** The Office (văn thư cơ quan) keeps the old units' outgoing registers; else any department of the caller's. */
  async keepingDepartment(orgId: string, userId: string): Promise<string | null> {
    const [row] = await this.rows<{ id: string }>(
      `SELECT id FROM (
         SELECT d.id, 0 AS pref FROM departments d WHERE d.organization_id = $1 AND d.kind = 'office'
         UNION ALL SELECT r.department_id, 1 FROM role_assignments r JOIN departments d ON d.id = r.department_id
                    WHERE d.organization_id = $1 AND r.user_id = $2 AND r.department_id IS NOT NULL
         UNION ALL SELECT d.id, 2 FROM departments d WHERE d.organization_id = $1) x ORDER BY pref LIMIT 1`, [this.org(orgId), userId]);
    return row?.id ?? null;
  }

  /**
   * Incoming legacy documents, in batches: status completed (history, not work), the original Số đến kept in the legacy
   * register (the unique number index turns a number already there into a skip). Where they came from is in
   * legacy_label / legacy_data and the import's audit row; no per-document history row is written: its foreign-key
   * check against rows inserted in the same transaction made a 20,000-row commit quadratic (measured, docs/IMPORT.md).
   */
  async insertIncoming(orgId: string, registerId: string, year: number, records: LegacyRecord[], ctx: LegacyContext): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH).map((r) => ({ ...r, label: ctx.label(r), data: ctx.data(r) }));
      const [row] = await this.rows<{ n: number }>(
        `WITH src AS (
           SELECT * FROM jsonb_to_recordset($4::jsonb) AS r(number int, date date, "issuerName" text, symbol text, "documentDate" date, summary text,
                  "documentType" text, recipient text, note text, "fileId" uuid, "pageCount" int, label text, data jsonb)),
         ins AS (
           INSERT INTO incoming_documents (organization_id, register_id, arrival_number, arrival_date, arrival_year, channel, issuer_name, symbol,
                  document_type, document_date, summary, urgency, confidentiality, page_count, note, status, file_id, direction_text,
                  registered_by_user_id, registered_at, created_by_user_id, created_at, updated_at, legacy, legacy_label, legacy_data)
           SELECT $1, $2, s.number, s.date, $3, 'paper', s."issuerName", s.symbol, s."documentType", s."documentDate", s.summary, 'normal', 'normal',
                  s."pageCount", s.note, 'completed', s."fileId", s.recipient, $5, $6, $5, $6, $6, true, s.label, s.data
             FROM src s
           ON CONFLICT (register_id, arrival_year, arrival_number) WHERE arrival_number IS NOT NULL DO NOTHING
           RETURNING id)
         SELECT count(*)::int AS n FROM ins`,
        [this.org(orgId), registerId, year, JSON.stringify(batch), ctx.userId, ctx.now.toISOString()]);
      inserted += row.n;
    }
    return inserted;
  }

  /** Outgoing legacy documents: issued, with their original number and symbol; the scan (if any) as the file. */
  async insertOutgoing(orgId: string, registerId: string, departmentId: string, records: LegacyRecord[], ctx: LegacyContext): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH).map((r) => ({ ...r, label: ctx.label(r), data: ctx.data(r) }));
      const [row] = await this.rows<{ n: number }>(
        `WITH src AS (
           SELECT * FROM jsonb_to_recordset($4::jsonb) AS r(number int, symbol text, "documentDate" date, summary text, "documentType" text,
                  "fileId" uuid, label text, data jsonb)),
         ins AS (
           INSERT INTO outgoing_documents (organization_id, document_type, summary, department_id, created_by_user_id, status, urgency,
                  confidentiality, register_id, number, symbol, issued_date, file_id, file_sha256, status_changed_at, created_at, updated_at,
                  legacy, legacy_label, legacy_data)
           SELECT $1, s."documentType", s.summary, $3, $5, 'issued', 'normal', 'normal', $2, s.number, s.symbol, s."documentDate", s."fileId",
                  (SELECT f.sha256 FROM files f WHERE f.organization_id = $1 AND f.id = s."fileId"), $6, $6, $6, true, s.label, s.data
             FROM src s
           ON CONFLICT (organization_id, register_id, number) WHERE number IS NOT NULL DO NOTHING
           RETURNING id)
         SELECT count(*)::int AS n FROM ins`,
        [this.org(orgId), registerId, departmentId, JSON.stringify(batch), ctx.userId, ctx.now.toISOString()]);
      inserted += row.n;
    }
    return inserted;
  }

  async markCommitted(orgId: string, id: string, v: { registerId: string; imported: number; skipped: number; userId: string; at: Date }): Promise<void> {
    await this.rows(
      `UPDATE legacy_imports SET status = 'committed', register_id = $3, imported = $4, skipped = $5, committed_by_user_id = $6, committed_at = $7
        WHERE organization_id = $1 AND id = $2`, [this.org(orgId), id, v.registerId, v.imported, v.skipped, v.userId, v.at.toISOString()]);
  }
}

export interface LegacyContext {
  importId: string;
  userId: string;
  now: Date;
  label: (r: LegacyRecord) => string;
  data: (r: LegacyRecord) => Record<string, unknown>;
}

function unpack(row: ImportRow): ImportRow {
  const meta = row.columns as unknown as { columns?: { letter: string; header: string }[]; headerRows?: number[] };
  return { ...row, columns: meta.columns ?? [], header_rows: meta.headerRows ?? [] };
}
