import type { PolicyContributor } from '../../common/authz/ability';
import { departmentsWithRole, hasRole, isLeader, isOfficeClerk } from '../../common/auth/actor';

/** Office clerks keep the agency registers; a department's clerks keep that department's registers. */
export const registersPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  if (hasRole(actor, 'admin') || isLeader(actor)) can('read', 'Register', { organizationId });
  if (hasRole(actor, 'admin')) can('create', 'Register', { organizationId });
  if (isOfficeClerk(actor)) {
    can(['read', 'create', 'register'], 'Register', { organizationId, departmentId: null });
  }
  const clerkOf = departmentsWithRole(actor, 'clerk');
  if (clerkOf.length) can(['read', 'create', 'register'], 'Register', { organizationId, departmentId: { $in: clerkOf } });
  const headOf = departmentsWithRole(actor, 'head', 'deputy_head');
  if (headOf.length) can('read', 'Register', { organizationId, departmentId: { $in: headOf } });
};
