import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState, notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { contentDisposition } from '../files/file-name';
import type { ExportResponseDto } from './dto/export.dto';
import { CONTENT_TYPES, type ExportRecord } from './export.types';
import { ExportStorage } from './export-storage';
import { ExportsRepository } from './exports.repository';

export function toExportResponse(r: ExportRecord): ExportResponseDto {
  return {
    id: r.id, kind: r.kind, format: r.format, status: r.status, progress: Number(r.progress), rowCount: r.rowCount,
    ...(r.error ? { error: r.error } : {}), fileName: r.status === 'done' ? r.fileName : null,
    createdAt: new Date(r.createdAt).toISOString(), expiresAt: new Date(r.expiresAt).toISOString(),
  };
}

/** GET /exports/:id and its file: only the requester sees them (anyone else, in this organization or not: 404). */
@Injectable()
export class ExportQueriesService {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly repo: ExportsRepository,
    private readonly storage: ExportStorage,
    private readonly authz: AuthzService,
    private readonly clock: Clock,
  ) {}

  private async own(actor: Actor, id: string): Promise<ExportRecord> {
    const r = await this.repo.findOwn(actor.orgId as string, actor.userId, id);
    // An expired one is gone for its requester even before the cleanup has run.
    if (!r || new Date(r.expiresAt).getTime() <= this.clock.now().getTime()) throw notFound('Tệp xuất');
    this.authz.assert(actor, 'read', 'Export', { organizationId: r.organizationId, requestedByUserId: r.requestedByUserId }, 'Tệp xuất');
    return r;
  }

  async get(actor: Actor, id: string): Promise<ExportResponseDto> {
    return toExportResponse(await this.own(actor, id));
  }

  async send(actor: Actor, id: string, res: Response): Promise<void> {
    const r = await this.own(actor, id);
    if (r.status !== 'done' || !r.filePath || !r.fileName) {
      throw invalidState(r.status === 'failed' ? 'Tệp này xuất không thành công; hãy xuất lại.' : 'Tệp chưa xuất xong; hãy chờ tiến độ đạt 100%.');
    }
    const size = await this.storage.size(r.filePath);
    if (size === null || (r.fileSize !== null && size !== Number(r.fileSize))) {
      throw new DomainError('FILE_INTEGRITY_FAILED', 'Tệp xuất không còn trên máy chủ hoặc đã bị thay đổi; hãy xuất lại.');
    }
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[r.format]);
    res.setHeader('Content-Length', String(size));
    res.setHeader('Content-Disposition', contentDisposition(r.fileName));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      await pipeline(this.storage.read(r.filePath), res);
    } catch (e) {
      if (!res.headersSent) throw e;
      this.logger.error({ err: e, exportId: r.id }, 'Export download aborted');
      res.destroy();
    }
  }
}
