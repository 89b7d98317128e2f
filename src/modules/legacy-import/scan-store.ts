import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FilesService } from '../files/files.service';
import { PdfGuard } from '../files/pdf-guard/pdf-guard';
import { badScans } from './import-errors';
import type { LegacyRecord, RowError } from './row-parser';
import { ScansMatcher } from './scans-matcher';
import { walkZip, ZipLimits, ZipRefused } from './zip-reader';

export interface ScanPlan {
  entries: Map<string, { records: LegacyRecord[]; pageCount: number }>;
  matched: number;
  unmatched: string[];
  errors: RowError[];
  errorRows: Set<number>;
}

const MAX_SCANS = 20_000;
const isPdfName = (name: string) => /\.pdf$/i.test(name);
const baseName = (name: string) => name.split('/').pop() ?? name;

const ZIP_MESSAGES: Record<ZipRefused['problem'], string> = {
  too_many_entries: `Tệp ZIP có quá ${MAX_SCANS.toLocaleString('vi-VN')} tệp. Hãy chia bản quét thành nhiều tệp ZIP.`,
  entry_too_big: 'Một bản quét trong ZIP vượt quá dung lượng cho phép của một tệp PDF.',
  total_too_big: 'Các bản quét trong ZIP bung ra quá lớn. Hãy chia thành nhiều tệp ZIP nhỏ hơn.',
  bad_path: 'Tệp ZIP chứa đường dẫn không hợp lệ (tuyệt đối hoặc có ".."), nên không được nhận.',
  encrypted: 'Tệp ZIP có tệp được đặt mật khẩu. Hãy nén lại không đặt mật khẩu.',
  ratio: 'Tệp ZIP có tỉ lệ nén bất thường (có thể là "bom nén"), nên không được nhận.',
};

/**
 * The scanned PDFs of a hand-over: a ZIP walked entry by entry (zip-reader limits), each PDF that belongs to a row
 * checked by the PDF guard first (`check`, nothing stored), then stored as files with the import (`store`).
 */
@Injectable()
export class ScanStore {
  private readonly limits: ZipLimits;

  constructor(
    private readonly files: FilesService,
    private readonly guard: PdfGuard,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limits = { maxEntries: MAX_SCANS, maxEntryBytes: config.maxUploadBytes, maxTotalBytes: config.maxUploadBytes * 25 };
  }

  async check(zipPath: string, records: LegacyRecord[]): Promise<ScanPlan> {
    const matcher = new ScansMatcher(records);
    const plan: ScanPlan = { entries: new Map(), matched: 0, unmatched: [], errors: [], errorRows: new Set() };
    const taken = new Set<number>();
    const { skipped } = await this.walk(zipPath, async (name, data) => {
      const rows = matcher.match(name).filter((r) => !taken.has(r.row));
      if (!rows.length) return void plan.unmatched.push(name);
      try {
        const { pageCount } = await this.guard.inspectBytes(data);
        plan.entries.set(name, { records: rows, pageCount });
      } catch (e) {
        if (e instanceof DomainError) {
          throw new DomainError(e.code, `Bản quét "${baseName(name)}": ${e.message}`, [{ field: 'scans', entry: baseName(name) }]);
        }
        throw e;
      }
      for (const r of rows) taken.add(r.row);
      plan.matched += rows.length;
    });
    plan.unmatched.push(...skipped.map((n) => `${n} (không phải PDF)`));
    for (const r of records) {
      if (r.scanFile && !taken.has(r.row)) {
        plan.errors.push({ row: r.row, column: 'Tệp đính kèm', message: `Không có tệp "${r.scanFile}" trong tệp ZIP bản quét.` });
        plan.errorRows.add(r.row);
      }
    }
    return plan;
  }

  /** Stores the planned PDFs (rows joining the caller's transaction) and sets fileId/pageCount on their records. */
  async store(orgId: string, userId: string, zipPath: string, plan: ScanPlan): Promise<void> {
    await this.walk(zipPath, async (name, data) => {
      const planned = plan.entries.get(name);
      if (!planned) return;
      const file = await this.files.storeBuffer(orgId, data, baseName(name), userId, { pageCount: planned.pageCount });
      for (const r of planned.records) { r.fileId = file.id; r.pageCount = planned.pageCount; }
    });
  }

  private async walk(zipPath: string, onEntry: (name: string, data: Buffer) => Promise<void>) {
    try {
      return await walkZip(zipPath, this.limits, isPdfName, onEntry);
    } catch (e) {
      if (e instanceof ZipRefused) throw badScans(ZIP_MESSAGES[e.problem] + (e.entryName ? ` (${baseName(e.entryName)})` : ''));
      if (e instanceof DomainError) throw e;
      throw badScans('Tệp bản quét không phải ZIP hoặc bị hỏng nên không đọc được. Hãy nén lại các tệp PDF thành một tệp .zip rồi gửi lại.');
    }
  }
}
