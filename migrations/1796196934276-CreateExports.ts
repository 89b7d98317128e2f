import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exports (POST /exports): one row per requested file — what was asked, by whom, how far the job got, and where the
 * finished file lies (under FILES_DIR/exports). Rows and files are removed once expires_at passes.
 */
export class CreateExports1796196934276 implements MigrationInterface {
  name = 'CreateExports1796196934276';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        requested_by_user_id uuid NOT NULL REFERENCES users(id),
        kind varchar(30) NOT NULL CHECK (kind IN ('incoming_register', 'outgoing_register', 'incoming_tracking', 'summary')),
        format varchar(10) NOT NULL CHECK (format IN ('pdf', 'xlsx')),
        register_id uuid,
        department_id uuid,
        from_day date NOT NULL,
        to_day date NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        row_count integer NOT NULL DEFAULT 0,
        error varchar(500),
        file_name varchar(255),
        file_path varchar(500),
        file_size bigint,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX exports_requester_idx ON exports (organization_id, requested_by_user_id, created_at);
      CREATE INDEX exports_expiry_idx ON exports (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exports;`);
  }
}
