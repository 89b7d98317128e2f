import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications for documents (issue 10, item 6): users' e-mail addresses, per-user e-mail settings, one-time tickets
 * for the Server-Sent Events stream, "delegation starts" reminders, and a change signal (NOTIFY vanthu_changes with the
 * organization id) from every table whose rows move an unread count or a worklist count, so a stream on any API replica
 * hears a change made on another. NOTIFY is transactional: a rolled-back change signals nothing.
 */
export class AddNotificationDelivery1796184728097 implements MigrationInterface {
  name = 'AddNotificationDelivery1796184728097';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN email varchar(254);

      CREATE TABLE notification_settings (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        email_off text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE stream_tickets (
        ticket_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        session_id uuid,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX stream_tickets_expires_idx ON stream_tickets (expires_at);

      ALTER TABLE reminders_sent DROP CONSTRAINT reminders_sent_kind_check;
      ALTER TABLE reminders_sent ADD CONSTRAINT reminders_sent_kind_check CHECK (kind IN ('due_soon', 'due_today', 'overdue', 'starts'));

      CREATE FUNCTION vanthu_signal_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('vanthu_changes', coalesce(NEW.organization_id, OLD.organization_id)::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER notifications_signal_change AFTER INSERT OR UPDATE OF read_at OR DELETE ON notifications FOR EACH ROW EXECUTE FUNCTION vanthu_signal_change();
      CREATE TRIGGER incoming_documents_signal_change AFTER INSERT OR UPDATE OR DELETE ON incoming_documents FOR EACH ROW EXECUTE FUNCTION vanthu_signal_change();
      CREATE TRIGGER incoming_lines_signal_change AFTER INSERT OR UPDATE OR DELETE ON incoming_lines FOR EACH ROW EXECUTE FUNCTION vanthu_signal_change();
      CREATE TRIGGER outgoing_documents_signal_change AFTER INSERT OR UPDATE OR DELETE ON outgoing_documents FOR EACH ROW EXECUTE FUNCTION vanthu_signal_change();
      CREATE TRIGGER tasks_signal_change AFTER INSERT OR UPDATE OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION vanthu_signal_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER tasks_signal_change ON tasks;
      DROP TRIGGER outgoing_documents_signal_change ON outgoing_documents;
      DROP TRIGGER incoming_lines_signal_change ON incoming_lines;
      DROP TRIGGER incoming_documents_signal_change ON incoming_documents;
      DROP TRIGGER notifications_signal_change ON notifications;
      DROP FUNCTION vanthu_signal_change();
      DELETE FROM reminders_sent WHERE kind = 'starts';
      ALTER TABLE reminders_sent DROP CONSTRAINT reminders_sent_kind_check;
      ALTER TABLE reminders_sent ADD CONSTRAINT reminders_sent_kind_check CHECK (kind IN ('due_soon', 'due_today', 'overdue'));
      DROP TABLE stream_tickets;
      DROP TABLE notification_settings;
      ALTER TABLE users DROP COLUMN email;
    `);
  }
}
