import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ActorLoader } from '../../common/auth/actor.loader';
import { AbilityFactory } from '../../common/authz/ability.factory';
import { Clock } from '../../common/time/clock';
import { ReportsService } from '../reports/reports.service';
import { exportFileName, SHEET_NAMES } from './export-file-name';
import { ExportStorage } from './export-storage';
import type { ExportRecord, RegisterExportKind } from './export.types';
import { ExportsRepository } from './exports.repository';
import { RegisterPdfRenderer, RegisterRowSource, type RegisterRow } from './register-rows.port';
import { registerTable } from './xlsx/register-table';
import { summaryRows, summaryTitle, SUMMARY_COLUMNS } from './xlsx/summary-table';
import { writeTableXlsx } from './xlsx/table-xlsx.writer';

/** Progress is written at most this often (a row per UPDATE would slow a 50,000-row export down). */
const PROGRESS_EVERY_MS = 500;

export class ExportAbandoned extends Error {}

/**
 * The job `export.run`: writes one export's file by streaming rows from the database into the XLSX or PDF writer,
 * recording progress as it goes, then marks it done. Idempotent: a finished export is left alone; an attempt that
 * died half way starts over and overwrites its own partial file.
 */
@Injectable()
export class ExportRunnerService {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: ExportsRepository,
    private readonly storage: ExportStorage,
    private readonly clock: Clock,
    private readonly actors: ActorLoader,
    private readonly abilities: AbilityFactory,
    private readonly reports: ReportsService,
    private readonly rows: RegisterRowSource,
    private readonly pdf: RegisterPdfRenderer,
  ) {}

  /** `final`: this is the job's last attempt, so a failure is reported to the requester instead of retried. */
  async run(orgId: string, exportId: string, final: boolean): Promise<{ rowCount: number } | { skipped: string }> {
    const rec = await this.repo.find(orgId, exportId);
    if (!rec) return { skipped: 'gone' };
    if (!(await this.repo.start(orgId, exportId, this.clock.now()))) return { skipped: rec.status };
    const relative = this.storage.relativePath(orgId, exportId, rec.format);
    try {
      const { stream } = await this.storage.open(relative);
      const rowCount = await this.write(rec, stream);
      const size = await this.storage.commit(relative);
      const fileName = exportFileName(rec.kind, rec.format, rec.fromDay, rec.toDay);
      await this.repo.finish(orgId, exportId, { rowCount, fileName, filePath: relative, fileSize: size, at: this.clock.now() });
      this.logger.log({ exportId, kind: rec.kind, format: rec.format, rowCount, size }, 'Export written');
      return { rowCount };
    } catch (e) {
      await this.storage.remove(relative).catch(() => undefined);
      if (final || e instanceof ExportAbandoned) {
        await this.repo.fail(orgId, exportId, e instanceof ExportAbandoned ? e.message : 'Không xuất được tệp do lỗi máy chủ; hãy thử lại sau.', this.clock.now());
        if (e instanceof ExportAbandoned) return { skipped: 'abandoned' };
      }
      throw e;
    }
  }

  private async write(rec: ExportRecord, out: Writable): Promise<number> {
    const done = finished(out);
    let rowCount: number;
    if (rec.kind === 'summary') rowCount = await this.writeSummary(rec, out);
    else rowCount = await this.writeRegister(rec, rec.kind, out);
    if (!out.writableEnded) out.end();
    await done;
    return rowCount;
  }

  private progressReporter(rec: ExportRecord, total: number): (n: number) => void {
    let last = 0;
    let pending: Promise<void> = Promise.resolve();
    return (n: number) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS || n >= total) return;
      last = now;
      // Never below 0 nor at 1 before the file is complete: 1 means done.
      const p = Math.min(0.99, total ? n / total : 0);
      pending = pending.then(() => this.repo.progress(rec.organizationId, rec.id, p, n)).catch(() => undefined);
    };
  }

  private async writeRegister(rec: ExportRecord, kind: RegisterExportKind, out: Writable): Promise<number> {
    const q = { organizationId: rec.organizationId, kind, from: rec.fromDay, to: rec.toDay,
      ...(rec.registerId ? { registerId: rec.registerId } : {}), ...(rec.departmentId ? { departmentId: rec.departmentId } : {}) };
    const total = await this.rows.count(q);
    const heading = await this.rows.heading(q);
    const onRows = this.progressReporter(rec, total);
    if (rec.format === 'pdf') {
      let n = 0;
      const counted = async function* (src: AsyncIterable<RegisterRow>) {
        for await (const r of src) {
          n += 1;
          yield r;
        }
      };
      await this.pdf.render(heading, kind, counted(this.rows.stream(q)), out, onRows);
      return n;
    }
    const table = registerTable(kind, heading, rec.fromDay, rec.toDay, this.rows.stream(q));
    return writeTableXlsx(out, { ...table, created: this.clock.now() }, onRows);
  }

  private async writeSummary(rec: ExportRecord, out: Writable): Promise<number> {
    const data = await this.actors.load(rec.requestedByUserId, null);
    if (!data) throw new ExportAbandoned('Tài khoản yêu cầu xuất không còn hoạt động.');
    const actor = this.abilities.forActor(data);
    const summary = await this.reports.summary(actor, { from: rec.fromDay, to: rec.toDay, departmentId: rec.departmentId ?? undefined, groupBy: 'department' });
    const [org] = (await this.txHost.tx.query(`SELECT name FROM organizations WHERE id = $1`, [rec.organizationId])) as { name: string }[];
    const rows = summaryRows(summary);
    async function* iterate() {
      yield* rows;
    }
    await writeTableXlsx(out, {
      sheet: SHEET_NAMES.summary, titleLines: summaryTitle(summary, org?.name ?? ''), columns: SUMMARY_COLUMNS, rows: iterate(), created: this.clock.now(),
    });
    return rows.length;
  }
}

