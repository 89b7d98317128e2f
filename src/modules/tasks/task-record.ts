import type { FieldSql } from '../../common/authz/accessible-sql';
import type { ExtensionRequestResponseDto, TaskPriority, TaskResponseDto, TaskStatus } from './dto/task.dto';

export interface TaskRow {
  id: string;
  organization_id: string;
  title: string;
  description: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  deadline: string;
  assigned_by_user_id: string;
  assignee_user_id: string | null;
  assignee_department_id: string | null;
  parent_task_id: string | null;
  source_incoming_id: string | null;
  progress_percent: number;
  completion_report: string | null;
  completion_reported_at: Date | null;
  completed_at: Date | null;
  completed_on: string | null;
  extension_count: number;
  created_at: Date;
  assignee_name: string | null;
  assignee_department_name: string | null;
  assigner_name: string;
  coordinators: { userId: string | null; fullName: string | null; departmentId: string | null; departmentName: string | null }[];
}

/** CASL fields of a Task → SQL over `tasks t` (lists show exactly what the instance checks allow). */
export const TASK_FIELDS: Record<string, FieldSql> = {
  organizationId: 't.organization_id',
  assigneeUserId: 't.assignee_user_id',
  assigneeDepartmentId: 't.assignee_department_id',
  assignedByUserId: 't.assigned_by_user_id',
  assigneeKind: `(CASE WHEN t.assignee_user_id IS NULL THEN 'department' ELSE 'user' END)`,
  coordinatorUserIds: (op, p) =>
    `EXISTS (SELECT 1 FROM task_coordinators c WHERE c.organization_id = t.organization_id AND c.task_id = t.id AND c.user_id ${op === 'eq' ? `= ${p}::uuid` : `= ANY(${p}::uuid[])`})`,
  coordinatorDepartmentIds: (op, p) =>
    `EXISTS (SELECT 1 FROM task_coordinators c WHERE c.organization_id = t.organization_id AND c.task_id = t.id AND c.department_id ${op === 'eq' ? `= ${p}::uuid` : `= ANY(${p}::uuid[])`})`,
};

export const SELECT_TASK = `
  SELECT t.*, t.deadline::text AS deadline, t.completed_on::text AS completed_on,
         au.full_name AS assignee_name, ad.name AS assignee_department_name, bu.full_name AS assigner_name,
         coalesce((SELECT json_agg(json_build_object('userId', c.user_id, 'fullName', cu.full_name, 'departmentId', c.department_id, 'departmentName', cd.name))
                     FROM task_coordinators c LEFT JOIN users cu ON cu.id = c.user_id LEFT JOIN departments cd ON cd.id = c.department_id
                    WHERE c.organization_id = t.organization_id AND c.task_id = t.id), '[]') AS coordinators
    FROM tasks t
    LEFT JOIN users au ON au.id = t.assignee_user_id
    LEFT JOIN departments ad ON ad.id = t.assignee_department_id
    JOIN users bu ON bu.id = t.assigned_by_user_id`;

/** The record CASL checks: the task's parties and coordinators. */
export const taskSubject = (t: TaskRow) => ({
  organizationId: t.organization_id,
  assigneeUserId: t.assignee_user_id,
  assigneeDepartmentId: t.assignee_department_id,
  assignedByUserId: t.assigned_by_user_id,
  assigneeKind: t.assignee_user_id ? 'user' : 'department',
  coordinatorUserIds: t.coordinators.map((c) => c.userId).filter(Boolean),
  coordinatorDepartmentIds: t.coordinators.map((c) => c.departmentId).filter(Boolean),
});

/** A business date as dd/mm/yyyy in notification texts. */
export const vn = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

export function toTaskResponse(t: TaskRow, today: string): TaskResponseDto {
  return {
    id: t.id, title: t.title, description: t.description, status: t.status, priority: t.priority, deadline: t.deadline,
    overdue: t.status !== 'done' && t.deadline < today,
    assignee: { userId: t.assignee_user_id, fullName: t.assignee_name, departmentId: t.assignee_department_id, departmentName: t.assignee_department_name },
    assignedBy: { userId: t.assigned_by_user_id, fullName: t.assigner_name, departmentId: null, departmentName: null },
    coordinators: t.coordinators,
    progressPercent: t.progress_percent, parentTaskId: t.parent_task_id, sourceIncomingId: t.source_incoming_id,
    completionReport: t.completion_report, completedAt: t.completed_at ? new Date(t.completed_at).toISOString() : null,
    completedOnTime: t.completed_on ? t.completed_on <= t.deadline : null, extensionCount: t.extension_count,
    createdAt: new Date(t.created_at).toISOString(),
  };
}

export function toExtensionResponse(r: Record<string, unknown>): ExtensionRequestResponseDto {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id as string, currentDeadline: r.current_deadline as string, newDeadline: r.new_deadline as string, reason: r.reason as string,
    status: r.status as string, requestedByUserId: r.requested_by_user_id as string, decidedByUserId: (r.decided_by_user_id as string) ?? null,
    decidedAt: iso(r.decided_at), decisionNote: (r.decision_note as string) ?? null, createdAt: iso(r.created_at) as string,
  };
}
