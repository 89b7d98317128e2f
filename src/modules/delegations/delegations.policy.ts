import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole } from '../../common/auth/actor';

/** A person may hand their own signing powers to someone while away; the admin manages all. Nobody passes on what they received. */
export const delegationsPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  if (hasRole(actor, 'admin')) can(['create', 'read', 'delete'], 'Delegation', { organizationId });
  can(['create', 'read', 'delete'], 'Delegation', { organizationId, fromUserId: actor.userId });
  can('read', 'Delegation', { organizationId, toUserId: actor.userId });
};
