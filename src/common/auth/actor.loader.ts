import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { Clock } from '../time/clock';
import type { ActorData } from './actor';

/** authz_versions scope of users without an organization (migration AddAuthzVersionsAndWorklistIndexes). */
export const NO_ORG = '00000000-0000-0000-0000-000000000000';

/** What the guard caches: the actor's data and the authz version of its organization when it was read. */
export interface LoadedActor {
  data: ActorData;
  version: string;
}

interface ActorRow {
  id: string;
  username: string;
  full_name: string;
  organization_id: string | null;
  is_system_admin: boolean;
  department_id: string | null;
  position_title: string;
  disabled: boolean;
  must_change_password: boolean;
  time_zone: string | null;
  session_revoked: boolean;
  authz_version: string;
  roles: ActorData['roles'];
  delegations: ActorData['delegations'];
  signing_rules: ActorData['signingRules'];
}

/**
 * Resolves the acting user from the database on every request (one query): a disabled user, a revoked session or
 * changed roles take effect at once, not when the token expires. Delegations are the ones valid today, local time.
 */
@Injectable()
export class ActorLoader {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async load(userId: string, sessionId: string | null): Promise<ActorData | null> {
    return (await this.loadVersioned(userId, sessionId))?.data ?? null;
  }

  /**
   * The cheap per-request check of a cached actor (actor-cache.ts): the organization's authz version now, and whether
   * the session was revoked. One primary-key read and one index probe on the pool, outside TypeORM, prepared once per connection.
   */
  async check(orgId: string | null, sessionId: string | null): Promise<{ version: string; revoked: boolean }> {
    const [row] = await preparedQuery<{ version: string; revoked: boolean }>(this.ds.manager,
      `SELECT coalesce((SELECT version FROM authz_versions WHERE scope = $1), 1)::text AS version,
              ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NOT NULL)) AS revoked`,
      [orgId ?? NO_ORG, sessionId]);
    return row;
  }

  async loadVersioned(userId: string, sessionId: string | null): Promise<LoadedActor | null> {
    const [row] = (await this.ds.query(
      `SELECT u.id, u.username, u.full_name, u.organization_id, u.is_system_admin, u.department_id, u.position_title,
              u.disabled, u.must_change_password, o.time_zone,
              coalesce((SELECT v.version FROM authz_versions v WHERE v.scope = coalesce(u.organization_id, '${NO_ORG}')), 1)::text AS authz_version,
              ($3::uuid IS NOT NULL AND EXISTS (
                 SELECT 1 FROM refresh_tokens t WHERE t.family_id = $3 AND t.revoked_at IS NOT NULL)) AS session_revoked,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'departmentId', r.department_id, 'departmentKind', d.kind)
                          ORDER BY r.role, r.department_id)
                        FROM role_assignments r LEFT JOIN departments d ON d.id = r.department_id
                        WHERE r.user_id = u.id), '[]') AS roles,
              COALESCE((SELECT json_agg(json_build_object('id', g.id, 'fromUserId', g.from_user_id, 'documentTypes', g.document_types,
                                                          'validFrom', g.valid_from, 'validTo', g.valid_to,
                                                          'fromFullName', f.full_name, 'fromPositionTitle', f.position_title,
                                                          'fromRoles', COALESCE((SELECT json_agg(json_build_object('role', fr.role, 'departmentKind', fd.kind))
                                                                                   FROM role_assignments fr LEFT JOIN departments fd ON fd.id = fr.department_id
                                                                                  WHERE fr.user_id = f.id), '[]')) ORDER BY g.created_at)
                        FROM delegations g JOIN users f ON f.id = g.from_user_id AND NOT f.disabled
                        WHERE g.organization_id = u.organization_id AND g.to_user_id = u.id AND g.revoked_at IS NULL
                          AND ($2::timestamptz AT TIME ZONE o.time_zone)::date BETWEEN g.valid_from AND g.valid_to), '[]') AS delegations,
              COALESCE((SELECT json_agg(json_build_object('role', s.role, 'departmentKind', s.department_kind, 'authority', s.authority,
                                                          'documentTypes', s.document_types) ORDER BY s.position)
                        FROM signing_rules s WHERE s.organization_id = u.organization_id), '[]') AS signing_rules
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1`,
      [userId, this.clock.now().toISOString(), sessionId],
    )) as ActorRow[];
    if (!row || row.disabled || row.session_revoked) return null;
    return { version: row.authz_version, data: {
      userId: row.id,
      sessionId,
      username: row.username,
      fullName: row.full_name,
      orgId: row.organization_id,
      isSystemAdmin: row.is_system_admin,
      departmentId: row.department_id,
      positionTitle: row.position_title,
      timeZone: row.time_zone ?? 'Asia/Ho_Chi_Minh',
      roles: row.roles,
      delegations: row.delegations,
      signingRules: row.signing_rules,
      mustChangePassword: row.must_change_password,
    } };
  }
}
