import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit rows from now on are hash version 3 (HMAC-SHA-256 with AUDIT_KEY over every stored column); rows already
 * written keep their version (1 or 2) and still verify. Signed checkpoints of each chain's head are kept in
 * audit_checkpoints (append-only like the log).
 */
export class KeyAuditChainAndCheckpoints1796185402953 implements MigrationInterface {
  name = 'KeyAuditChainAndCheckpoints1796185402953';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ALTER COLUMN hash_version SET DEFAULT 3`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_hash_version_known CHECK (hash_version IN (1, 2, 3))`);
    await q.query(`
      CREATE TABLE audit_checkpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        chain_key varchar(40) NOT NULL,
        organization_id uuid,
        seq bigint NOT NULL,
        head_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL,
        payload text NOT NULL,
        signature text NOT NULL,
        certificate_pem text NOT NULL,
        signer_subject varchar(300) NOT NULL,
        UNIQUE (chain_key, seq)
      );
      CREATE INDEX audit_checkpoints_org_idx ON audit_checkpoints (organization_id, created_at);
      CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_hash_version_known`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN hash_version SET DEFAULT 2`);
  }
}
