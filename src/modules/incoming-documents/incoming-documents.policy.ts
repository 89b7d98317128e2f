import type { PolicyContributor } from '../../common/authz/ability';
import { departmentsWithRole, hasRole, isLeader, isOfficeClerk } from '../../common/auth/actor';

/**
 * Who sees and acts on incoming documents. The instance record carries computed fields (see incoming-record.ts):
 * stateSecret, scopeDepartmentId (the unit whose register holds it), lineDepartmentIds / lineUserIds (recipients of its
 * routing lines), registeredByUserId, submittedToUserId; line actions add lineDepartmentId, lineUserId, lineHandledBy.
 * The same fields map to SQL for lists (INCOMING_FIELD_SQL), so lists show exactly what instance checks allow.
 */
export const incomingDocumentsPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  const userId = actor.userId;
  const clerkOf = departmentsWithRole(actor, 'clerk');
  const headOf = departmentsWithRole(actor, 'head', 'deputy_head');
  const unitOf = [...new Set([...clerkOf, ...headOf])];

  // Office clerks and leaders: the organization's documents that are not state secrets.
  if (isOfficeClerk(actor) || isLeader(actor)) can('read', 'IncomingDocument', { organizationId, stateSecret: false });
  // The Chủ tịch sees state-secret metadata too; any leader sees what was presented to them.
  if (hasRole(actor, 'chairman')) can('read', 'IncomingDocument', { organizationId });
  if (isLeader(actor)) {
    can('read', 'IncomingDocument', { organizationId, submittedToUserId: userId });
    can('direct', 'IncomingDocument', { organizationId });
  }
  // A department's clerks and heads: documents routed to the department or kept in its register.
  if (unitOf.length) {
    can('read', 'IncomingDocument', { organizationId, stateSecret: false, lineDepartmentIds: { $in: unitOf } });
    can('read', 'IncomingDocument', { organizationId, stateSecret: false, scopeDepartmentId: { $in: unitOf } });
  }
  // Anyone holding a line of their own (named line holders see even state-secret metadata).
  can('read', 'IncomingDocument', { organizationId, lineUserIds: userId });

  // Clerks register into their own scope: the office clerks the agency register, a department's clerks its register.
  if (clerkOf.length) {
    can('read', 'IncomingDocument', { organizationId, registeredByUserId: userId });
    can('create', 'IncomingDocument', { organizationId });
  }
  if (isOfficeClerk(actor)) can(['register', 'submit'], 'IncomingDocument', { organizationId, scopeDepartmentId: null });
  if (clerkOf.length) can(['register', 'submit'], 'IncomingDocument', { organizationId, scopeDepartmentId: { $in: clerkOf } });

  // Line actions: a department line is taken in by that department's clerks (its head when it has no clerk).
  can(['receive', 'complete', 'return'], 'IncomingDocument', { organizationId, lineUserId: userId });
  if (clerkOf.length) can('receive', 'IncomingDocument', { organizationId, lineUserId: null, lineHandledBy: 'clerks', lineDepartmentId: { $in: clerkOf } });
  if (headOf.length) can('receive', 'IncomingDocument', { organizationId, lineUserId: null, lineHandledBy: 'head', lineDepartmentId: { $in: headOf } });
  if (unitOf.length) {
    can(['complete', 'return'], 'IncomingDocument', { organizationId, lineUserId: null, lineDepartmentId: { $in: unitOf } });
    // Head or clerk hands a line of their department to a handler.
    can('assign', 'IncomingDocument', { organizationId, lineDepartmentId: { $in: unitOf } });
  }
};
