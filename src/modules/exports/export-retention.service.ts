import { Injectable, Logger } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { Clock } from '../../common/time/clock';
import { ExportStorage } from './export-storage';
import { ExportsRepository } from './exports.repository';

/**
 * The scheduled job `export.cleanup`: exports past their expiry (7 days after the request) lose their row and their
 * file. Rows go first (in a transaction), then files; a file left behind by a crash in between is an orphan that
 * nothing points to, and the next run of a restarted process does not need it. Idempotent.
 */
@Injectable()
export class ExportRetentionService {
  private readonly logger = new Logger('Exports');

  constructor(private readonly repo: ExportsRepository, private readonly storage: ExportStorage, private readonly clock: Clock) {}

  async cleanup(): Promise<{ removed: number }> {
    let removed = 0;
    for (;;) {
      const batch = await this.deleteBatch();
      for (const r of batch) if (r.filePath) await this.storage.remove(r.filePath).catch((e: Error) => this.logger.warn({ err: e.message, exportId: r.id }, 'Export file not removed'));
      removed += batch.length;
      if (batch.length < 500) break;
    }
    if (removed) this.logger.log({ removed }, 'Expired exports removed');
    return { removed };
  }

  @Transactional()
  private deleteBatch() {
    return this.repo.deleteExpired(this.clock.now(), 500);
  }
}
