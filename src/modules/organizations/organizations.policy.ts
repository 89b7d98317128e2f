import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole } from '../../common/auth/actor';

export const organizationsPolicy: PolicyContributor = (actor, { can }) => {
  if (actor.isSystemAdmin) can(['create', 'read', 'update'], 'Organization');
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  can('read', 'Organization', { id: organizationId });
  can('read', 'Department', { organizationId });
  can('read', 'DocumentType');
  if (hasRole(actor, 'admin')) {
    can(['create', 'update'], 'Department', { organizationId });
    can('read', 'Readiness', { organizationId });
    can('read', 'AuditLog', { organizationId });
  }
};
