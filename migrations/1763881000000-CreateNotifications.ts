import { MigrationInterface, QueryRunner } from 'typeorm';

/** In-app notifications and the ledger that makes each reminder (item, kind, local day) happen exactly once. */
export class CreateNotifications1763881000000 implements MigrationInterface {
  name = 'CreateNotifications1763881000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        user_id uuid NOT NULL REFERENCES users(id),
        kind varchar(50) NOT NULL,
        title varchar(500) NOT NULL,
        body text NOT NULL DEFAULT '',
        entity_type varchar(50),
        entity_id uuid,
        dedupe_key varchar(300),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        emailed_at timestamptz
      );
      -- Unread first, then newest: the list's order, per user.
      CREATE INDEX notifications_user_idx ON notifications (organization_id, user_id, (read_at IS NOT NULL), created_at DESC);
      -- A caller-supplied key makes notify() idempotent (job retries, two workers).
      CREATE UNIQUE INDEX notifications_dedupe_uq ON notifications (organization_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

      CREATE TABLE reminders_sent (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        entity_type varchar(30) NOT NULL,
        entity_id uuid NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('due_soon', 'due_today', 'overdue')),
        day date NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        job_id varchar(200),
        PRIMARY KEY (organization_id, entity_type, entity_id, kind, day)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminders_sent; DROP TABLE notifications;`);
  }
}
