import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain head also remembers the previous hash, so one INSERT … ON CONFLICT DO UPDATE … RETURNING advances the chain
 * and writes the audit row (one round trip instead of four; the per-organization lock is held for less time — bench B1).
 * Rows written before keep their formula (hash_version 1) and still verify; the chain links across the change.
 */
export class ChainAuditInOneStatement1763899000000 implements MigrationInterface {
  name = 'ChainAuditInOneStatement1763899000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain_heads ADD COLUMN prev_hash char(64) NOT NULL DEFAULT repeat('0', 64)`);
    await q.query(`ALTER TABLE audit_chain_heads ALTER COLUMN prev_hash DROP DEFAULT`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN hash_version smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN hash_version SET DEFAULT 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP COLUMN hash_version`);
    await q.query(`ALTER TABLE audit_chain_heads DROP COLUMN prev_hash`);
  }
}
