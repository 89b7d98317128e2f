import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records (API.md "Idempotency"): per user, the fingerprint of the first request and its response,
 * kept 24 hours. A row is written in the same transaction as the work it guards, so a row exists only for work that
 * committed; a concurrent request with the same key waits on the uncommitted row, then replays it.
 */
export class CreateIdempotencyKeys1763865100000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763865100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key uuid NOT NULL,
        organization_id uuid REFERENCES organizations(id),
        fingerprint char(64) NOT NULL,
        status_code integer,
        response jsonb,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Keys are scoped per user: two users may pick the same UUID without seeing each other's responses.
        PRIMARY KEY (user_id, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys;`);
  }
}
