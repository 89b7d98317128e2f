import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import type { AgencyImportResponseDto, AgencyResponseDto, ListAgenciesQueryDto } from './dto/exchange.dto';
import { QCVN_ORGAN_ID } from './exchange-codes';
import { ExchangeRepository } from './exchange.repository';

/** One CSV line into fields (RFC 4180 quotes, comma or semicolon). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const sep = (text.split(/\r?\n/, 1)[0].match(/;/g)?.length ?? 0) > (text.split(/\r?\n/, 1)[0].match(/,/g)?.length ?? 0) ? ';' : ',';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim()));
}

const HEADERS: Record<string, string> = {
  organid: 'organId', 'madinhdanh': 'organId', ma: 'organId', code: 'organId', name: 'name', ten: 'name', 'tencoquan': 'name',
  parentname: 'parentName', 'coquanchuquan': 'parentName', address: 'address', 'diachi': 'address', email: 'email', phone: 'phone', 'dienthoai': 'phone',
};
const key = (h: string) => h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase().replace(/[^a-z]/g, '');

/** The directory of agencies one can send to (mã định danh), loaded from a CSV and searched by code or name. */
@Injectable()
export class ExchangeAgenciesService {
  constructor(
    private readonly repo: ExchangeRepository,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async importCsv(actor: Actor, csv: Buffer): Promise<AgencyImportResponseDto> {
    const orgId = actor.orgId as string;
    const text = csv.toString('utf8').replace(/^\uFEFF/, '');
    if (text.includes('\u0000')) throw new DomainError('VALIDATION_FAILED', 'Tệp không phải CSV dạng văn bản UTF-8.', [{ field: 'file', message: 'Không đọc được.' }]);
    const rows = parseCsv(text);
    if (rows.length < 2) throw new DomainError('VALIDATION_FAILED', 'Tệp CSV cần một dòng tiêu đề (organId,name,…) và ít nhất một dòng dữ liệu.', [{ field: 'file', message: 'Trống.' }]);
    if (rows.length > 200_001) throw new DomainError('VALIDATION_FAILED', 'Tệp CSV quá 200.000 dòng.', [{ field: 'file', message: 'Quá lớn.' }]);
    const cols = rows[0].map((h) => HEADERS[key(h)] ?? null);
    if (!cols.includes('organId') || !cols.includes('name')) {
      throw new DomainError('VALIDATION_FAILED', 'Dòng tiêu đề phải có cột organId (mã định danh) và name (tên cơ quan).', [{ field: 'file', message: 'Thiếu cột.' }]);
    }
    const result: AgencyImportResponseDto = { imported: 0, updated: 0, errors: [], warnings: [] };
    for (let i = 1; i < rows.length; i++) {
      const rec: Record<string, string> = {};
      cols.forEach((c, j) => { if (c) rec[c] = (rows[i][j] ?? '').trim(); });
      const organId = rec.organId ?? '';
      if (!organId || organId.length > 50 || /\s/.test(organId)) {
        result.errors.push({ row: i + 1, message: 'Mã định danh trống, có khoảng trắng hoặc dài quá 50 ký tự.' });
        continue;
      }
      if (!rec.name || rec.name.length > 300) {
        result.errors.push({ row: i + 1, message: 'Tên cơ quan trống hoặc dài quá 300 ký tự.' });
        continue;
      }
      const patternOk = QCVN_ORGAN_ID.test(organId);
      if (!patternOk) result.warnings.push({ row: i + 1, message: `Mã ${organId} không đúng khuôn dạng QCVN 102 (000.00.00.H00); vẫn được nhập.` });
      const [r] = await this.repo.rows<{ inserted: boolean }>(
        `INSERT INTO exchange_agencies (organization_id, organ_id, name, parent_name, address, email, phone, pattern_ok)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (organization_id, organ_id) DO UPDATE SET name = EXCLUDED.name, parent_name = EXCLUDED.parent_name, address = EXCLUDED.address,
           email = EXCLUDED.email, phone = EXCLUDED.phone, pattern_ok = EXCLUDED.pattern_ok, updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
        [orgId, organId, rec.name, rec.parentName?.slice(0, 300) || null, rec.address?.slice(0, 300) || null, rec.email?.slice(0, 200) || null,
          rec.phone?.slice(0, 50) || null, patternOk]);
      if (r.inserted) result.imported++; else result.updated++;
    }
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: 'exchange.agencies_imported', entityType: 'ExchangeAgency', entityId: null,
      data: { imported: result.imported, updated: result.updated, errors: result.errors.length } });
    return result;
  }

  async list(actor: Actor, q: ListAgenciesQueryDto): Promise<Page<AgencyResponseDto>> {
    const orgId = actor.orgId as string;
    const params: unknown[] = [orgId];
    let where = 'organization_id = $1';
    if (q.q?.trim()) {
      params.push(`%${q.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      where += ` AND (organ_id ILIKE $2 OR f_unaccent(name) ILIKE f_unaccent($2))`;
    }
    const [{ total }] = await this.repo.rows<{ total: number }>(`SELECT count(*)::int AS total FROM exchange_agencies WHERE ${where}`, params);
    const rows = await this.repo.rows<{ id: string; organ_id: string; name: string; parent_name: string | null; address: string | null; email: string | null; phone: string | null; pattern_ok: boolean }>(
      `SELECT * FROM exchange_agencies WHERE ${where} ORDER BY organ_id LIMIT ${q.pageSize} OFFSET ${offsetOf(q)}`, params);
    return {
      items: rows.map((r) => ({ id: r.id, organId: r.organ_id, name: r.name, parentName: r.parent_name, address: r.address, email: r.email, phone: r.phone, patternOk: r.pattern_ok })),
      total, page: q.page, pageSize: q.pageSize,
    };
  }
}
