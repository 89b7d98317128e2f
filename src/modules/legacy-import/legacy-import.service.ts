import { Inject, Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Request } from 'express';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { businessRule, notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { validateBody } from '../../common/validation/validation.pipe';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { CommitImportDto, CreateImportDto, ImportCommitResponseDto, ImportResponseDto } from './dto/legacy-import.dto';
import { importInvalid } from './import-errors';
import { receiveImportUpload } from './import-upload';
import type { ImportKind } from './legacy-fields';
import { ImportRow, LegacyImportRepository } from './legacy-import.repository';
import { ScanStore } from './scan-store';
import { checkRegisterFile } from './sheet-parse';

const MAX_STORED_ERRORS = 5_000;
const MAX_ANSWERED_ERRORS = 1_000;

export const legacyRegisterName = (kind: ImportKind, unit: string) =>
  `${kind === 'incoming_register' ? 'Sổ văn bản đến' : 'Sổ văn bản đi'} — ${unit} (cũ)`;

/**
 * Hand-over of the registers of merged units (issue 13 item 5). POST /imports reads the file, maps the columns, checks
 * every row and keeps the result (a dry run writes no document); POST /imports/:id/commit writes the valid rows in one
 * transaction into the old unit's legacy register with their original numbers. docs/IMPORT.md.
 */
@Injectable()
export class LegacyImportService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: LegacyImportRepository,
    private readonly scans: ScanStore,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(actor: Actor, req: Request): Promise<ImportResponseDto> {
    const orgId = actor.orgId as string;
    const upload = await receiveImportUpload(req, { fileBytes: this.config.maxUploadBytes, scansBytes: this.config.maxUploadBytes * 10 });
    try {
      const dto = await validateBody(CreateImportDto, formFields(upload.fields));
      if (!upload.file) throw importInvalid('file', 'Hãy đính kèm sổ cũ (.xlsx hoặc .csv) trong trường "file".');
      const { layout, mapping, parsed } = await checkRegisterFile(upload.file.data, { fileName: upload.file.name, kind: dto.kind, year: dto.year, mapping: dto.mapping });
      // Scans are checked (PDF guard) before anything is stored; they are stored with the import, in its transaction.
      const scanPlan = upload.scans ? await this.scans.check(upload.scans.path, parsed.records) : null;
      const sourceUnitName = dto.sourceUnitName.replace(/\s+/g, ' ').trim();
      const id = await this.txHost.withTransaction(async () => {
        if (scanPlan && upload.scans) await this.scans.store(orgId, actor.userId, upload.scans.path, scanPlan);
        const errors = [...parsed.errors, ...(scanPlan?.errors ?? [])].sort((a, b) => a.row - b.row);
        const row = await this.repo.insertImport(orgId, {
          createdByUserId: actor.userId, kind: dto.kind, sourceUnitName, year: dto.year, fileName: upload.file!.name,
          fileSha256: upload.file!.sha256, mapping: mapping as Record<string, string>, columns: layout.columns.map(({ letter, header }) => ({ letter, header })),
          headerRows: layout.headerRows, rowCount: parsed.rows, records: parsed.records.filter((r) => !scanPlan?.errorRows.has(r.row)),
          errors: errors.slice(0, MAX_STORED_ERRORS), errorCount: errors.length,
          scans: scanPlan ? { matched: scanPlan.matched, unmatched: scanPlan.unmatched } : null,
        });
        await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'legacy_import.previewed', entityType: 'LegacyImport', entityId: row.id,
          data: { kind: dto.kind, sourceUnitName, year: dto.year, fileName: upload.file!.name, fileSha256: upload.file!.sha256, rows: parsed.rows, valid: row.valid_count, errors: errors.length } });
        return row.id;
      });
      if (dto.dryRun === false) await this.commit(actor, id, { skipInvalid: false });
      return this.get(actor, id);
    } finally {
      await upload.cleanup();
    }
  }

  async get(actor: Actor, id: string): Promise<ImportResponseDto> {
    const orgId = actor.orgId as string;
    const row = await this.repo.findImport(orgId, id);
    if (!row) throw notFound('Lần nhập sổ cũ');
    this.authz.assert(actor, 'read', 'LegacyImport', { organizationId: row.organization_id }, 'Lần nhập sổ cũ');
    const twin = row.status === 'committed' ? null : await this.repo.committedTwin(orgId, row.kind, row.file_sha256);
    return toResponse(row, !!twin || (row.status === 'committed' && row.imported === 0));
  }

  /**
   * One transaction: the legacy register (created on first use), every valid row with its original number, one audit
   * row. A file with row errors is refused unless the caller asks to skip them (skipInvalid). Committing the same import
   * again, or another import of the same file, adds nothing: numbers already in the legacy register are skipped.
   */
  @Transactional()
  async commit(actor: Actor, id: string, dto: CommitImportDto): Promise<ImportCommitResponseDto> {
    const orgId = actor.orgId as string;
    const imp = await this.repo.findImport(orgId, id, { forUpdate: true, withRecords: true });
    if (!imp) throw notFound('Lần nhập sổ cũ');
    this.authz.assert(actor, 'create', 'LegacyImport', { organizationId: imp.organization_id }, 'Lần nhập sổ cũ', 'Bạn không có quyền nhập sổ cũ.');
    const registerName = legacyRegisterName(imp.kind, imp.source_unit_name);
    if (imp.status === 'committed') return { imported: 0, skipped: imp.row_count, registerId: imp.register_id as string, registerName };
    if (imp.error_count > 0 && !dto.skipInvalid) {
      throw businessRule(
        `Tệp còn ${imp.error_count} lỗi ở các dòng được liệt kê nên chưa nhập dòng nào. Sửa tệp rồi tải lên lại, hoặc xác nhận "Bỏ qua dòng lỗi" để chỉ nhập ${imp.valid_count} dòng hợp lệ.`,
        imp.errors.slice(0, 100).map((e) => ({ row: e.row, column: e.column, message: e.message })));
    }
    const records = imp.records ?? [];
    if (records.length === 0) throw businessRule('Tệp không có dòng hợp lệ nào để nhập.');
    await this.repo.lockFile(orgId, imp.file_sha256);
    const kind = imp.kind === 'incoming_register' ? 'incoming' : 'outgoing';
    const registerId = await this.repo.ensureLegacyRegister(orgId, kind, imp.year, registerName);
    const now = this.clock.now();
    const unit = imp.source_unit_name;
    const ctx = {
      importId: imp.id, userId: actor.userId, now,
      label: (r: { number: number }) => (kind === 'incoming' ? `Số đến ${r.number} — ${unit} (cũ) năm ${imp.year}` : `Văn bản đi số ${r.number} — ${unit} (cũ) năm ${imp.year}`),
      data: (r: { row: number; recipient: string | null; signerName: string | null; scanFile: string | null }) => ({
        importId: imp.id, sourceUnitName: unit, row: r.row, recipient: r.recipient, signerName: r.signerName, scanFile: r.scanFile }),
    };
    let imported: number;
    if (kind === 'incoming') {
      imported = await this.repo.insertIncoming(orgId, registerId, imp.year, records, ctx);
    } else {
      const departmentId = await this.repo.keepingDepartment(orgId, actor.userId);
      if (!departmentId) throw businessRule('Đơn vị chưa có phòng ban nào (Văn phòng) để giữ sổ văn bản đi cũ. Hãy tạo Văn phòng HĐND và UBND trước.');
      imported = await this.repo.insertOutgoing(orgId, registerId, departmentId, records, ctx);
    }
    const skipped = imp.row_count - imported;
    await this.repo.markCommitted(orgId, imp.id, { registerId, imported, skipped, userId: actor.userId, at: now });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'legacy_import.committed', entityType: 'LegacyImport', entityId: imp.id,
      data: { registerId, registerName, imported, skipped, fileSha256: imp.file_sha256, skipInvalid: !!dto.skipInvalid } });
    return { imported, skipped, registerId, registerName };
  }
}

/** Form fields arrive as text: the year, the dry-run flag and a JSON mapping are converted before validation. */
function formFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  if (typeof out.year === 'string' && /^\d{1,6}$/.test(out.year.trim())) out.year = Number(out.year.trim());
  if (out.dryRun === 'true' || out.dryRun === 'false') out.dryRun = out.dryRun === 'true';
  if (typeof out.mapping === 'string') {
    if (out.mapping.trim() === '') delete out.mapping;
    else {
      try { out.mapping = JSON.parse(out.mapping); } catch { throw importInvalid('mapping', 'Trường "mapping" phải là một đối tượng JSON, ví dụ {"arrivalNumber":"B"}.'); }
    }
  }
  return out;
}

function toResponse(r: ImportRow, alreadyImported: boolean): ImportResponseDto {
  return {
    id: r.id, kind: r.kind, sourceUnitName: r.source_unit_name, year: r.year, registerName: legacyRegisterName(r.kind, r.source_unit_name),
    registerId: r.register_id, fileName: r.file_name, status: r.status, rows: r.row_count, valid: r.valid_count, errorCount: r.error_count,
    mapping: r.mapping, columns: r.columns, headerRows: r.header_rows ?? [], errors: r.errors.slice(0, MAX_ANSWERED_ERRORS), scans: r.scans,
    imported: r.imported, skipped: r.skipped, alreadyImported, createdAt: new Date(r.created_at).toISOString(),
  };
}
