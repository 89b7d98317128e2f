import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { PageQueryDto } from '../../common/pagination/pagination';
import { AuditService } from './audit.service';

@Injectable()
export class AuditQueriesService {
  constructor(
    private readonly audit: AuditService,
    private readonly authz: AuthzService,
  ) {}

  list(actor: Actor, q: PageQueryDto) {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'read', 'AuditLog', { organizationId: orgId });
    return this.audit.list(orgId, q.page, q.pageSize);
  }

  /** The chain part of GET /audit/verify, in the shape /audit-log/verify has always had. */
  async verify(actor: Actor): Promise<{ ok: boolean; checked: number; brokenAt: { id: string; seq: number; reason: string } | null }> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'read', 'AuditLog', { organizationId: orgId });
    const v = await this.audit.verify(orgId);
    return { ok: v.ok, checked: v.checkedRows, brokenAt: v.firstBrokenRow ?? null };
  }
}
