import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OrgScopedRepository } from '../../common/tenancy/org-scoped.repository';
import { FileRecord } from './file-record.entity';
import type { StoredFile } from './files.types';

export type NewFile = Omit<StoredFile, 'id' | 'organizationId' | 'createdAt'>;

interface FileRow {
  id: string;
  organization_id: string;
  sha256: string;
  size: string;
  page_count: number;
  file_name: string;
  content_type: string;
  created_by_user_id: string | null;
  created_at: Date;
}

const COLUMNS = 'id, organization_id, sha256, size, page_count, file_name, content_type, created_by_user_id, created_at';

const toStoredFile = (r: FileRow): StoredFile => ({
  id: r.id, organizationId: r.organization_id, sha256: r.sha256, size: Number(r.size), pageCount: r.page_count,
  fileName: r.file_name, contentType: r.content_type, createdByUserId: r.created_by_user_id, createdAt: r.created_at,
});

/** Every query runs on txHost.tx, so it joins the caller's transaction (a rolled-back caller takes the row with it). */
@Injectable()
export class FilesRepository extends OrgScopedRepository<FileRecord> {
  constructor(txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super(txHost, FileRecord);
  }

  async insert(orgId: string, f: NewFile): Promise<StoredFile> {
    const [row] = await this.rows<FileRow>(
      `INSERT INTO files (organization_id, sha256, size, page_count, file_name, content_type, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [this.org(orgId), f.sha256, f.size, f.pageCount, f.fileName, f.contentType, f.createdByUserId],
    );
    return toStoredFile(row);
  }

  async findStored(orgId: string, id: string): Promise<StoredFile | null> {
    const [row] = await this.rows<FileRow>(`SELECT ${COLUMNS} FROM files WHERE organization_id = $1 AND id = $2`, [this.org(orgId), id]);
    return row ? toStoredFile(row) : null;
  }

  async findRendition(orgId: string, sourceFileId: string, kind: string, key: string): Promise<StoredFile | null> {
    const [row] = await this.rows<FileRow>(
      `SELECT ${COLUMNS.split(', ').map((c) => `f.${c}`).join(', ')}
         FROM file_renditions r JOIN files f ON f.organization_id = r.organization_id AND f.id = r.file_id
        WHERE r.organization_id = $1 AND r.source_file_id = $2 AND r.kind = $3 AND r.key = $4`,
      [this.org(orgId), sourceFileId, kind, key],
    );
    return row ? toStoredFile(row) : null;
  }

  async insertRendition(orgId: string, sourceFileId: string, kind: string, key: string, fileId: string): Promise<void> {
    await this.rows(
      `INSERT INTO file_renditions (organization_id, source_file_id, kind, key, file_id) VALUES ($1, $2, $3, $4, $5)`,
      [this.org(orgId), sourceFileId, kind, key, fileId],
    );
  }

  /** Serializes builders of one rendition until the end of the current transaction (any process, any replica). */
  async lockRendition(sourceFileId: string, kind: string, key: string): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`file-rendition:${sourceFileId}:${kind}:${key}`]);
  }
}
