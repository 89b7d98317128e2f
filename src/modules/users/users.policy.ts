import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole } from '../../common/auth/actor';

export const usersPolicy: PolicyContributor = (actor, { can }) => {
  if (actor.isSystemAdmin) can(['create', 'read', 'update'], 'User');
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  // Everyone sees the ward's directory: clerks pick a leader to present to, leaders pick departments and people.
  can('read', 'User', { organizationId });
  if (hasRole(actor, 'admin')) can(['create', 'update'], 'User', { organizationId });
};
