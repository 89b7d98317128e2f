import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole } from '../../common/auth/actor';

export const signingRulesPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  can('read', 'SigningRule', { organizationId });
  if (hasRole(actor, 'admin')) can('update', 'SigningRule', { organizationId });
};
