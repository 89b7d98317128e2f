import type { PolicyContributor } from '../../common/authz/ability';
import { hasRole, isLeader } from '../../common/auth/actor';

/**
 * Exports: whoever may read a register or the statistics may ask for a file (what exactly is checked per request);
 * an export is seen by its requester only.
 */
export const exportsPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  can('read', 'Export', { organizationId, requestedByUserId: actor.userId });
  const keepsOrReadsRegisters = isLeader(actor) || hasRole(actor, 'admin')
    || actor.roles.some((r) => r.role === 'clerk' || r.role === 'head' || r.role === 'deputy_head');
  if (keepsOrReadsRegisters) can('create', 'Export', { organizationId });
};
