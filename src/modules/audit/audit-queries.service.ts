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

  verify(actor: Actor) {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'read', 'AuditLog', { organizationId: orgId });
    return this.audit.verify(orgId);
  }
}
