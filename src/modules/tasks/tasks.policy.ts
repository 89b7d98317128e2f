import type { PolicyContributor } from '../../common/authz/ability';
import { departmentsWithRole, isLeader } from '../../common/auth/actor';

/**
 * Tasks (giao việc).
 * - Leaders (chairman, vice chairmen) assign to any person or department and see every task of the organization.
 * - A head or deputy head assigns to the people of their own department, sees every task of that department
 *   (assigned to it or to its people) and acts on the tasks assigned to the department as a whole.
 * - A department's clerks see the tasks assigned to the department (they keep its paperwork) but do not act on them.
 * - The assignee acts on their task (progress, extension request, completion report); the assigner decides
 *   (extension requests, accept, reopen) — never the assignee on their own work; coordinators read.
 */
export const tasksPolicy: PolicyContributor = (actor, { can }) => {
  if (!actor.orgId) return;
  const organizationId = actor.orgId;
  if (isLeader(actor)) {
    can('create', 'Task', { organizationId });
    can('read', 'Task', { organizationId });
  }
  const leads = departmentsWithRole(actor, 'head', 'deputy_head');
  if (leads.length) {
    can('create', 'Task', { organizationId, assigneeKind: 'user', assigneeDepartmentId: { $in: leads } });
    can('read', 'Task', { organizationId, assigneeDepartmentId: { $in: leads } });
    can('read', 'Task', { organizationId, coordinatorDepartmentIds: { $in: leads } });
    can('update', 'Task', { organizationId, assigneeKind: 'department', assigneeDepartmentId: { $in: leads } });
  }
  const clerkOf = departmentsWithRole(actor, 'clerk');
  if (clerkOf.length) can('read', 'Task', { organizationId, assigneeKind: 'department', assigneeDepartmentId: { $in: clerkOf } });
  can(['read', 'update'], 'Task', { organizationId, assigneeUserId: actor.userId });
  can(['read', 'approve'], 'Task', { organizationId, assignedByUserId: actor.userId });
  can('read', 'Task', { organizationId, coordinatorUserIds: actor.userId });
};
