import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { WorklistService } from '../worklist/worklist.service';
import { describeStuck } from './stuck-items';

/**
 * What an administrator must fix before the ward runs smoothly. Seed 004's first failure — departments without a clerk
 * account, so incoming documents skipped registration — shows up here before it hurts.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly worklist: WorklistService,
  ) {}

  async report(actor: Actor) {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'read', 'Readiness', { organizationId: orgId });
    const em = this.txHost.tx;
    const withoutRole = (role: string) => em.query(
      `SELECT d.id, d.name, d.code, d.kind FROM departments d
        WHERE d.organization_id = $1 AND NOT EXISTS (
          SELECT 1 FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
           WHERE r.department_id = d.id AND r.role = $2)
        ORDER BY d.name`,
      [orgId, role],
    ) as Promise<{ id: string; name: string; code: string; kind: string }[]>;
    const [departmentsWithoutClerk, departmentsWithoutHead, rules] = await Promise.all([
      withoutRole('clerk'),
      withoutRole('head'),
      em.query(
        `SELECT s.id, s.role, s.department_kind, s.authority, s.document_types FROM signing_rules s
          WHERE s.organization_id = $1 AND NOT EXISTS (
            SELECT 1 FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
              LEFT JOIN departments d ON d.id = r.department_id
             WHERE r.organization_id = s.organization_id AND r.role = s.role
               AND (s.department_kind IS NULL OR d.kind = s.department_kind))
          ORDER BY s.position`,
        [orgId],
      ) as Promise<{ id: string; role: string; department_kind: string | null; authority: string; document_types: string[] }[]>,
    ]);
    const stuck = await this.worklist.stuck(actor);
    const stuckItems = stuck.rows.map((r) => describeStuck(r, stuck.routing));
    const signingRulesWithoutSigner = rules.map((r) => ({
      id: r.id, role: r.role, departmentKind: r.department_kind, authority: r.authority, documentTypes: r.document_types,
    }));
    return {
      ok: !departmentsWithoutClerk.length && !departmentsWithoutHead.length && !signingRulesWithoutSigner.length && !stuckItems.length,
      departmentsWithoutClerk,
      departmentsWithoutHead,
      signingRulesWithoutSigner,
      stuckItems,
    };
  }
}
