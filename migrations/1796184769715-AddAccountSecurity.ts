import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: forced password change after an admin reset, TOTP two-factor, visible sessions, and a login throttle
 * keyed by account and by (account, source address) — all in PostgreSQL so every API replica shares it.
 */
export class AddAccountSecurity1796184769715 implements MigrationInterface {
  name = 'AddAccountSecurity1796184769715';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN mfa_secret_enc text,
        ADD COLUMN mfa_pending_secret_enc text,
        ADD COLUMN mfa_enabled_at timestamptz,
        ADD COLUMN mfa_last_step bigint;

      ALTER TABLE organizations ADD COLUMN mfa_required_roles text[];

      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL,
        ip text,
        user_agent text,
        revoked_at timestamptz
      );
      CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id, created_at);

      CREATE TABLE auth_challenges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash char(64) NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        ip text,
        user_agent text,
        attempts integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        last_failure_at timestamptz NOT NULL,
        blocked_until timestamptz
      );

      CREATE TABLE login_known_sources (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        ip text NOT NULL,
        last_success_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, ip)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_known_sources;
      DROP TABLE login_throttle;
      DROP TABLE auth_challenges;
      DROP TABLE auth_sessions;
      ALTER TABLE organizations DROP COLUMN mfa_required_roles;
      ALTER TABLE users
        DROP COLUMN mfa_last_step,
        DROP COLUMN mfa_enabled_at,
        DROP COLUMN mfa_pending_secret_enc,
        DROP COLUMN mfa_secret_enc,
        DROP COLUMN password_changed_at,
        DROP COLUMN must_change_password;
    `);
  }
}
