import type { PolicyContributor } from '../../common/authz/ability';
import { departmentsWithRole, isLeader, isOfficeClerk } from '../../common/auth/actor';

/**
 * Who sees and works on outgoing documents (signing itself: signing.policy.ts). Subject fields: organizationId,
 * createdByUserId, departmentId, reviewerId, signerId, signedByUserId, status, documentType.
 * - drafters (the creator; heads of the drafting department) read and edit; the reviewer approves or returns;
 * - the designated signer reads (and returns); a delegate reads what waits for the principal's signature, within the
 *   delegated types; leaders and the office clerks (văn thư cơ quan) read every document of the organization;
 * - only office clerks issue.
 */
export const outgoingDocumentsPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  const anyWorkRole = actor.roles.some((r) => r.role !== 'admin');

  if (anyWorkRole) can('create', 'OutgoingDocument', { organizationId });
  can(['read', 'update', 'submit', 'verify'], 'OutgoingDocument', { organizationId, createdByUserId: actor.userId });
  const headOf = departmentsWithRole(actor, 'head', 'deputy_head');
  if (headOf.length) can(['read', 'update', 'submit', 'verify'], 'OutgoingDocument', { organizationId, departmentId: { $in: headOf } });

  can(['read', 'approve', 'return', 'verify'], 'OutgoingDocument', { organizationId, reviewerId: actor.userId });
  can(['read', 'return', 'verify'], 'OutgoingDocument', { organizationId, signerId: actor.userId });
  can(['read', 'verify'], 'OutgoingDocument', { organizationId, signedByUserId: actor.userId });
  for (const d of actor.delegations) {
    can('read', 'OutgoingDocument', {
      organizationId, signerId: d.fromUserId, status: 'awaiting_signature',
      ...(d.documentTypes ? { documentType: { $in: d.documentTypes } } : {}),
    });
  }

  if (isLeader(actor) || isOfficeClerk(actor)) can(['read', 'verify'], 'OutgoingDocument', { organizationId });
  if (isOfficeClerk(actor)) can('issue', 'OutgoingDocument', { organizationId });
};
