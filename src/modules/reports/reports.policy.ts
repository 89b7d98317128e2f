import type { PolicyContributor } from '../../common/authz/ability';
import { departmentsWithRole, hasRole, isLeader } from '../../common/auth/actor';

/** Statistics: leaders and the administrator for the whole ward and any department; a head for their own department. */
export const reportsPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  if (isLeader(actor) || hasRole(actor, 'admin')) can('read', 'Report', { organizationId });
  const heads = departmentsWithRole(actor, 'head', 'deputy_head');
  if (heads.length) can('read', 'Report', { organizationId, departmentId: { $in: heads } });
};
