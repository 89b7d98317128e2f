import { MigrationInterface, QueryRunner } from 'typeorm';

/** The scope of users without an organization (system administrators). */
const NO_ORG = '00000000-0000-0000-0000-000000000000';

/**
 * 1. `authz_versions`: one counter per organization, advanced by triggers in the same transaction as any change to what
 *    the acting user is built from (roles, the user row, departments' kinds, delegations, signing rules, the time zone).
 *    Each API process keeps a short-lived cache of actors and their CASL abilities and compares this counter on every
 *    request (one primary-key read instead of the actor query) — so a change is seen by every replica at once, however
 *    it was made (service, admin SQL, another replica). Session revocation is checked on every request as before.
 * 2. Partial indexes for the worklist (bench B3): documents waiting for their registrar or for the leader they were
 *    presented to, and the live child lines of an organization (the leaf-line test).
 */
export class AddAuthzVersionsAndWorklistIndexes1796197688016 implements MigrationInterface {
  name = 'AddAuthzVersionsAndWorklistIndexes1796197688016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE authz_versions (
        scope uuid PRIMARY KEY,
        version bigint NOT NULL DEFAULT 1
      );
      CREATE FUNCTION vanthu_bump_authz() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        o uuid;
        old_o uuid;
      BEGIN
        IF TG_TABLE_NAME = 'organizations' THEN
          o := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN
          o := OLD.organization_id;
        ELSE
          o := NEW.organization_id;
          IF TG_OP = 'UPDATE' THEN old_o := OLD.organization_id; END IF;
        END IF;
        INSERT INTO authz_versions AS v (scope, version) VALUES (coalesce(o, '${NO_ORG}'), 2)
          ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
        IF old_o IS DISTINCT FROM o AND TG_OP = 'UPDATE' THEN
          INSERT INTO authz_versions AS v (scope, version) VALUES (coalesce(old_o, '${NO_ORG}'), 2)
            ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER role_assignments_authz AFTER INSERT OR UPDATE OR DELETE ON role_assignments
        FOR EACH ROW EXECUTE FUNCTION vanthu_bump_authz();
      CREATE TRIGGER delegations_authz AFTER INSERT OR UPDATE OR DELETE ON delegations
        FOR EACH ROW EXECUTE FUNCTION vanthu_bump_authz();
      CREATE TRIGGER signing_rules_authz AFTER INSERT OR UPDATE OR DELETE ON signing_rules
        FOR EACH ROW EXECUTE FUNCTION vanthu_bump_authz();
      CREATE TRIGGER users_authz_update AFTER UPDATE ON users FOR EACH ROW
        WHEN (OLD.disabled IS DISTINCT FROM NEW.disabled OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password
          OR OLD.organization_id IS DISTINCT FROM NEW.organization_id OR OLD.department_id IS DISTINCT FROM NEW.department_id
          OR OLD.is_system_admin IS DISTINCT FROM NEW.is_system_admin OR OLD.username IS DISTINCT FROM NEW.username
          OR OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.position_title IS DISTINCT FROM NEW.position_title)
        EXECUTE FUNCTION vanthu_bump_authz();
      CREATE TRIGGER users_authz_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION vanthu_bump_authz();
      CREATE TRIGGER departments_authz_update AFTER UPDATE ON departments FOR EACH ROW
        WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION vanthu_bump_authz();
      CREATE TRIGGER departments_authz_delete AFTER DELETE ON departments FOR EACH ROW EXECUTE FUNCTION vanthu_bump_authz();
      CREATE TRIGGER organizations_authz AFTER UPDATE ON organizations FOR EACH ROW
        WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION vanthu_bump_authz();

      CREATE INDEX incoming_documents_registered_by_idx ON incoming_documents (organization_id, registered_by_user_id)
        WHERE status = 'registered';
      CREATE INDEX incoming_documents_submitted_to_idx ON incoming_documents (organization_id, submitted_to_user_id)
        WHERE status = 'awaiting_direction';
      CREATE INDEX incoming_lines_org_live_child_idx ON incoming_lines (organization_id, parent_line_id)
        WHERE parent_line_id IS NOT NULL AND status IN ('pending', 'in_progress');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX incoming_lines_org_live_child_idx;
      DROP INDEX incoming_documents_submitted_to_idx;
      DROP INDEX incoming_documents_registered_by_idx;
      DROP TRIGGER organizations_authz ON organizations;
      DROP TRIGGER departments_authz_delete ON departments;
      DROP TRIGGER departments_authz_update ON departments;
      DROP TRIGGER users_authz_delete ON users;
      DROP TRIGGER users_authz_update ON users;
      DROP TRIGGER signing_rules_authz ON signing_rules;
      DROP TRIGGER delegations_authz ON delegations;
      DROP TRIGGER role_assignments_authz ON role_assignments;
      DROP FUNCTION vanthu_bump_authz();
      DROP TABLE authz_versions;
    `);
  }
}
