import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizations, departments, people and roles, signing rules, delegations, registers, auth and the audit chain. */
export class CreateFoundation1763860000000 implements MigrationInterface {
  name = 'CreateFoundation1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(50) NOT NULL,
        name varchar(300) NOT NULL,
        short_name varchar(30) NOT NULL,
        place_name varchar(100) NOT NULL,
        parent_name varchar(300),
        time_zone varchar(64) NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX organizations_code_uq ON organizations (lower(code));

      CREATE TABLE departments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        name varchar(300) NOT NULL,
        code varchar(30) NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('office', 'department', 'center')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        UNIQUE (organization_id, id)
      );
      CREATE UNIQUE INDEX departments_code_uq ON departments (organization_id, upper(code));
      -- At most one Văn phòng HĐND và UBND per organization: its clerks are the agency clerks.
      CREATE UNIQUE INDEX departments_one_office_uq ON departments (organization_id) WHERE kind = 'office';

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid REFERENCES organizations(id),
        username varchar(100) NOT NULL,
        password_hash text NOT NULL,
        full_name varchar(200) NOT NULL,
        position_title varchar(200) NOT NULL DEFAULT '',
        department_id uuid REFERENCES departments(id),
        is_system_admin boolean NOT NULL DEFAULT false,
        disabled boolean NOT NULL DEFAULT false,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (is_system_admin OR organization_id IS NOT NULL)
      );
      CREATE UNIQUE INDEX users_username_uq ON users (lower(username));
      CREATE INDEX users_org_idx ON users (organization_id, department_id);

      CREATE TABLE role_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role varchar(20) NOT NULL CHECK (role IN ('admin', 'chairman', 'vice_chairman', 'head', 'deputy_head', 'clerk', 'specialist')),
        department_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        -- Leadership and admin roles are organization-wide; the others belong to one department.
        CHECK ((role IN ('admin', 'chairman', 'vice_chairman')) = (department_id IS NULL))
      );
      CREATE UNIQUE INDEX role_assignments_uq ON role_assignments (user_id, role, coalesce(department_id, '00000000-0000-0000-0000-000000000000'));
      -- One Trưởng phòng per department (deputies may be several); the head of the office is the Chánh Văn phòng.
      CREATE UNIQUE INDEX role_assignments_one_head_uq ON role_assignments (department_id) WHERE role = 'head';
      CREATE INDEX role_assignments_org_dept_idx ON role_assignments (organization_id, department_id, role);

      CREATE TABLE signing_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        position integer NOT NULL,
        role varchar(20) NOT NULL,
        department_kind varchar(20) CHECK (department_kind IN ('office', 'department', 'center')),
        authority varchar(10) NOT NULL CHECK (authority IN ('direct', 'TM', 'KT', 'TL', 'TUQ', 'Q')),
        document_types text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX signing_rules_org_idx ON signing_rules (organization_id, position);

      CREATE TABLE delegations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        from_user_id uuid NOT NULL REFERENCES users(id),
        to_user_id uuid NOT NULL REFERENCES users(id),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        document_types text[],
        reason text NOT NULL,
        created_by_user_id uuid NOT NULL REFERENCES users(id),
        revoked_at timestamptz,
        revoked_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to >= valid_from),
        CHECK (from_user_id <> to_user_id)
      );
      CREATE INDEX delegations_to_idx ON delegations (organization_id, to_user_id, valid_to) WHERE revoked_at IS NULL;
      CREATE INDEX delegations_from_idx ON delegations (organization_id, from_user_id, valid_to) WHERE revoked_at IS NULL;

      CREATE TABLE registers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        kind varchar(10) NOT NULL CHECK (kind IN ('incoming', 'outgoing')),
        name varchar(200) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        department_id uuid,
        document_types text[],
        confidential boolean NOT NULL DEFAULT false,
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        UNIQUE (organization_id, id)
      );
      CREATE UNIQUE INDEX registers_name_uq ON registers (organization_id, kind, year, coalesce(department_id, '00000000-0000-0000-0000-000000000000'), lower(name));
      -- The default register a clerk writes into when none is named: one per scope, kind, year and secrecy.
      CREATE UNIQUE INDEX registers_default_uq ON registers (organization_id, kind, year, coalesce(department_id, '00000000-0000-0000-0000-000000000000'), confidential) WHERE is_default;

      -- Gapless numbering: one counter row per register and local year, incremented inside the registering transaction.
      CREATE TABLE register_counters (
        organization_id uuid NOT NULL,
        register_id uuid NOT NULL REFERENCES registers(id),
        year integer NOT NULL,
        last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
        PRIMARY KEY (register_id, year)
      );

      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

      -- Fixed-window counters shared by every API replica (no in-memory limiter).
      CREATE UNLOGGED TABLE rate_limit_hits (
        key varchar(200) NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_start)
      );

      -- Append-only audit log, hash-chained per organization (chain_key = organization id or 'system').
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        chain_key varchar(40) NOT NULL,
        seq bigint NOT NULL,
        organization_id uuid,
        actor_user_id uuid,
        on_behalf_of_user_id uuid,
        action varchar(100) NOT NULL,
        entity_type varchar(60),
        entity_id varchar(100),
        data jsonb NOT NULL DEFAULT '{}',
        ip varchar(64),
        request_id varchar(100),
        created_at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        UNIQUE (chain_key, seq)
      );
      CREATE INDEX audit_log_org_idx ON audit_log (organization_id, created_at);
      CREATE TABLE audit_chain_heads (
        chain_key varchar(40) PRIMARY KEY,
        last_seq bigint NOT NULL,
        last_hash char(64) NOT NULL
      );
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_chain_heads;
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_refuse_change();
      DROP TABLE rate_limit_hits;
      DROP TABLE refresh_tokens;
      DROP TABLE register_counters;
      DROP TABLE registers;
      DROP TABLE delegations;
      DROP TABLE signing_rules;
      DROP TABLE role_assignments;
      DROP TABLE users;
      DROP TABLE departments;
      DROP TABLE organizations;
    `);
  }
}
