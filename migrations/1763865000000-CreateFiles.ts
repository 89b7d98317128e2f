import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored PDFs: one row per (organization, upload); the bytes live once per SHA-256 in the content-addressed store
 * (FILES_DIR/sha256/ab/cd/<hash>), so several rows — in one or several organizations — may share a blob.
 * Renditions (the "ĐẾN"-stamped copy, …) are files of their own, cached per (source file, kind, key).
 */
export class CreateFiles1763865000000 implements MigrationInterface {
  name = 'CreateFiles1763865000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        page_count integer NOT NULL CHECK (page_count > 0),
        file_name varchar(255) NOT NULL,
        content_type varchar(100) NOT NULL DEFAULT 'application/pdf',
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Lets document tables reference a file of their own organization only: FOREIGN KEY (organization_id, file_id).
        UNIQUE (organization_id, id)
      );
      CREATE INDEX files_org_sha256_idx ON files (organization_id, sha256);

      CREATE TABLE file_renditions (
        organization_id uuid NOT NULL,
        source_file_id uuid NOT NULL,
        kind varchar(50) NOT NULL,
        key varchar(200) NOT NULL,
        file_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- A source file belongs to one organization, so this is unique per (source_file_id, kind, key) too.
        PRIMARY KEY (organization_id, source_file_id, kind, key),
        FOREIGN KEY (organization_id, source_file_id) REFERENCES files (organization_id, id),
        FOREIGN KEY (organization_id, file_id) REFERENCES files (organization_id, id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE file_renditions; DROP TABLE files;`);
  }
}
