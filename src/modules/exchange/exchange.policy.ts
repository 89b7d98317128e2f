import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole, isOfficeClerk } from '../../common/auth/actor';

/** The directory of agencies: every member of the organization reads it; its administrator and the Office clerks load it. */
export const exchangePolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  can('read', 'ExchangeAgency', { organizationId });
  if (hasRole(actor, 'admin') || isOfficeClerk(actor)) can('create', 'ExchangeAgency', { organizationId });
};
