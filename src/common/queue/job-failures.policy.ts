import type { PolicyContributor } from '../authz/ability';
import { hasRole } from '../auth/actor';

/** Failed jobs: the organization's administrator sees and retries its own; the system administrator sees all. */
export const jobFailuresPolicy: PolicyContributor = (actor, { can }) => {
  if (actor.isSystemAdmin) can(['read', 'retry'], 'JobFailure');
  if (!actor.orgId) return;
  if (hasRole(actor, 'admin')) can(['read', 'retry'], 'JobFailure', { organizationId: actor.orgId });
};
