import { MigrationInterface, QueryRunner } from 'typeorm';

const IN_SEARCH_OLD = `f_unaccent(lower(coalesce(summary, '') || ' ' || coalesce(symbol, '') || ' ' || coalesce(issuer_name, '')))`;
const IN_SEARCH_NEW = `f_unaccent(lower(coalesce(summary, '') || ' ' || coalesce(symbol, '') || ' ' || coalesce(issuer_name, '') || ' ' || coalesce(legacy_label, '')))`;
const OUT_CHECK_OLD = `status <> 'issued' OR (number IS NOT NULL AND symbol IS NOT NULL AND issued_date IS NOT NULL
  AND (file_id IS NOT NULL OR confidentiality IN ('secret', 'top_secret', 'absolute_secret')))`;
const OUT_CHECK_NEW = `status <> 'issued' OR (number IS NOT NULL AND symbol IS NOT NULL AND issued_date IS NOT NULL
  AND (file_id IS NOT NULL OR legacy OR confidentiality IN ('secret', 'top_secret', 'absolute_secret')))`;

/**
 * Hand-over of the registers of the units merged into a ward (issue 13 item 5):
 * - registers.legacy: a register holding an old unit's documents with their original numbers; never numbered by vanthu.
 * - incoming/outgoing documents: `legacy` plus `legacy_label` ("Số đến 1532 Phường X (cũ)"), which joins the searched
 *   text so "so den 1532 phuong x" finds them beside new documents, and `legacy_data` (the old register's extra columns).
 * - An issued legacy outgoing document may lack the PDF (the paper register often has no scan).
 * - outgoing_documents.search_text: the same unaccented text search as incoming documents.
 * - legacy_imports: one uploaded register file, its parsed rows, the row errors, and whether it was committed.
 * Re-creating the incoming search column rewrites incoming_documents once.
 */
export class AddLegacyImports1796197007531 implements MigrationInterface {
  name = 'AddLegacyImports1796197007531';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registers ADD COLUMN legacy boolean NOT NULL DEFAULT false;
      ALTER TABLE incoming_documents ADD COLUMN legacy boolean NOT NULL DEFAULT false, ADD COLUMN legacy_label varchar(400),
        ADD COLUMN legacy_data jsonb;
      DROP INDEX incoming_documents_org_search_idx;
      ALTER TABLE incoming_documents DROP COLUMN search_text;
      ALTER TABLE incoming_documents ADD COLUMN search_text text GENERATED ALWAYS AS (${IN_SEARCH_NEW}) STORED;
      CREATE INDEX incoming_documents_org_search_idx ON incoming_documents USING gin (organization_id, search_text gin_trgm_ops);

      ALTER TABLE outgoing_documents ADD COLUMN legacy boolean NOT NULL DEFAULT false, ADD COLUMN legacy_label varchar(400),
        ADD COLUMN legacy_data jsonb;
      ALTER TABLE outgoing_documents DROP CONSTRAINT outgoing_documents_check;
      ALTER TABLE outgoing_documents ADD CONSTRAINT outgoing_documents_check CHECK (${OUT_CHECK_NEW});
      ALTER TABLE outgoing_documents ADD COLUMN search_text text GENERATED ALWAYS AS (
        f_unaccent(lower(coalesce(summary, '') || ' ' || coalesce(symbol, '') || ' ' || coalesce(legacy_label, '')))) STORED;
      CREATE INDEX outgoing_documents_org_search_idx ON outgoing_documents USING gin (organization_id, search_text gin_trgm_ops);

      CREATE TABLE legacy_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        created_by_user_id uuid NOT NULL REFERENCES users(id),
        kind varchar(20) NOT NULL CHECK (kind IN ('incoming_register', 'outgoing_register')),
        source_unit_name varchar(200) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        file_name varchar(255),
        file_sha256 char(64) NOT NULL,
        mapping jsonb NOT NULL,
        columns jsonb NOT NULL DEFAULT '[]',
        row_count integer NOT NULL,
        valid_count integer NOT NULL,
        error_count integer NOT NULL,
        errors jsonb NOT NULL,
        records jsonb NOT NULL,
        scans jsonb NOT NULL DEFAULT '{}',
        status varchar(20) NOT NULL DEFAULT 'previewed' CHECK (status IN ('previewed', 'committed')),
        register_id uuid,
        imported integer,
        skipped integer,
        committed_by_user_id uuid REFERENCES users(id),
        committed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, register_id) REFERENCES registers (organization_id, id)
      );
      CREATE INDEX legacy_imports_org_file_idx ON legacy_imports (organization_id, kind, file_sha256);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE legacy_imports;
      DROP INDEX outgoing_documents_org_search_idx;
      ALTER TABLE outgoing_documents DROP COLUMN search_text;
      ALTER TABLE outgoing_documents DROP CONSTRAINT outgoing_documents_check;
      ALTER TABLE outgoing_documents ADD CONSTRAINT outgoing_documents_check CHECK (${OUT_CHECK_OLD});
      ALTER TABLE outgoing_documents DROP COLUMN legacy_data, DROP COLUMN legacy_label, DROP COLUMN legacy;
      DROP INDEX incoming_documents_org_search_idx;
      ALTER TABLE incoming_documents DROP COLUMN search_text;
      ALTER TABLE incoming_documents ADD COLUMN search_text text GENERATED ALWAYS AS (${IN_SEARCH_OLD}) STORED;
      CREATE INDEX incoming_documents_org_search_idx ON incoming_documents USING gin (organization_id, search_text gin_trgm_ops);
      ALTER TABLE incoming_documents DROP COLUMN legacy_data, DROP COLUMN legacy_label, DROP COLUMN legacy;
      ALTER TABLE registers DROP COLUMN legacy;
    `);
  }
}
