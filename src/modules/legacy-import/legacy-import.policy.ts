import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole, isOfficeClerk } from '../../common/auth/actor';

/** The hand-over of old registers: the organization's administrators and the Office clerks (who keep the agency registers). */
export const legacyImportPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  if (hasRole(actor, 'admin') || isOfficeClerk(actor)) can(['read', 'create'], 'LegacyImport', { organizationId });
};
