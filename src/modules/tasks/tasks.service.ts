import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Actor, departmentsWithRole, isLeader } from '../../common/auth/actor';
import { accessibleSql, FieldSql } from '../../common/authz/accessible-sql';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, forbidden, invalidState, notFound, validationFailed } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { OutboxService } from '../../common/queue/outbox.service';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import type { ActionOf } from '../audit/audit-actions';
import { NotificationsService } from '../notifications/notifications.service';
import {
  CreateTaskDto, DecideExtensionDto, ExtensionRequestDto, ExtensionRequestResponseDto, ListTasksQueryDto, ProgressDto, ReopenDto,
  ReportCompletionDto, TaskDetailResponseDto, TaskEventResponseDto, TaskPartyDto, TaskPriority, TaskProgressResponseDto, TaskResponseDto, TaskStatus,
} from './dto/task.dto';

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

const SELECT_TASK = `
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

@Injectable()
export class TasksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  private get em() {
    return this.txHost.tx;
  }

  private today(actor: Actor): string {
    return localDate(this.clock.now(), actor.timeZone);
  }

  @Transactional()
  async create(actor: Actor, dto: CreateTaskDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const now = this.clock.now();
    const today = this.today(actor);
    if (dto.deadline < today) throw validationFailed('deadline', `Hạn xử lý (${dto.deadline}) đã qua; hôm nay là ${today}.`);
    const assignee = await this.resolveAssignee(actor, orgId, dto.assignee);
    if (assignee.userId === actor.userId) throw validationFailed('assignee', 'Không thể tự giao nhiệm vụ cho chính mình.');
    this.authz.assert(actor, 'create', 'Task', {
      organizationId: orgId, assigneeKind: assignee.userId ? 'user' : 'department', assigneeDepartmentId: assignee.departmentId,
    }, 'Nhiệm vụ', isLeader(actor)
      ? 'Bạn không có quyền giao nhiệm vụ này.'
      : 'Trưởng phòng chỉ được giao nhiệm vụ cho cán bộ của phòng mình; giao cho phòng khác hoặc cả phòng cần lãnh đạo UBND.');
    const coordinators = await this.resolveCoordinators(orgId, dto.coordinators ?? [], assignee);
    if (dto.parentTaskId) {
      const parent = await this.load(actor, dto.parentTaskId, 'Nhiệm vụ cha');
      const mayBranch = this.authz.can(actor, 'update', 'Task', taskSubject(parent)) || parent.assigned_by_user_id === actor.userId;
      if (!mayBranch) throw forbidden('Chỉ người thực hiện nhiệm vụ cha mới được giao tiếp nhiệm vụ con.');
      if (parent.status === 'done') throw invalidState('Nhiệm vụ cha đã hoàn thành, không giao thêm nhiệm vụ con.');
      if (dto.deadline > parent.deadline) throw validationFailed('deadline', `Hạn nhiệm vụ con không được sau hạn nhiệm vụ cha (${parent.deadline}).`);
    }
    if (dto.sourceIncomingId) await this.assertIncomingExists(orgId, dto.sourceIncomingId);
    const [row] = (await this.em.query(
      `INSERT INTO tasks (organization_id, title, description, priority, status, deadline, assigned_by_user_id, assignee_user_id,
                          assignee_department_id, parent_task_id, source_incoming_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
      [orgId, dto.title.trim(), dto.description ?? null, dto.priority ?? 'normal', dto.deadline, actor.userId, assignee.userId,
        assignee.departmentId, dto.parentTaskId ?? null, dto.sourceIncomingId ?? null, now],
    )) as { id: string }[];
    for (const c of coordinators) {
      await this.em.query(`INSERT INTO task_coordinators (organization_id, task_id, user_id, department_id) VALUES ($1, $2, $3, $4)`,
        [orgId, row.id, c.userId ?? null, c.departmentId ?? null]);
    }
    await this.event(actor, row.id, 'created', {
      title: dto.title, deadline: dto.deadline, assignee: dto.assignee, coordinators: dto.coordinators ?? [], priority: dto.priority ?? 'normal',
      parentTaskId: dto.parentTaskId ?? null, sourceIncomingId: dto.sourceIncomingId ?? null,
    });
    // Telling the assignee is a job caused by this state change: through the outbox, so a rollback sends nothing.
    await this.outbox.add(orgId, 'task.assigned', { taskId: row.id });
    return this.detail(actor, row.id);
  }

  async list(actor: Actor, q: ListTasksQueryDto): Promise<Page<TaskResponseDto>> {
    const orgId = actor.orgId as string;
    const filter = accessibleSql(actor.ability, 'read', 'Task', TASK_FIELDS, 2);
    const params: unknown[] = [orgId, ...filter.params];
    const conds = ['t.organization_id = $1', filter.sql];
    const p = (v: unknown) => `$${params.push(v)}`;
    const leads = departmentsWithRole(actor, 'head', 'deputy_head');
    if (q.scope === 'assigned_to_me') {
      conds.push(`(t.assignee_user_id = ${p(actor.userId)} OR (t.assignee_user_id IS NULL AND t.assignee_department_id = ANY(${p(leads)}::uuid[])))`);
    } else if (q.scope === 'assigned_by_me') {
      conds.push(`t.assigned_by_user_id = ${p(actor.userId)}`);
    } else if (q.scope === 'department') {
      const mine = [...new Set([...actor.roles.map((r) => r.departmentId).filter((d): d is string => !!d), ...(actor.departmentId ? [actor.departmentId] : [])])];
      conds.push(`t.assignee_department_id = ANY(${p(q.departmentId ? [q.departmentId] : mine)}::uuid[])`);
    }
    if (q.status) conds.push(`t.status = ${p(q.status)}`);
    if (q.overdue !== undefined) {
      const overdue = `(t.status <> 'done' AND t.deadline < ${p(this.today(actor))}::date)`;
      conds.push(q.overdue ? overdue : `NOT ${overdue}`);
    }
    const where = conds.join(' AND ');
    const rows = (await this.em.query(
      `${SELECT_TASK} WHERE ${where} ORDER BY (t.status = 'done'), t.deadline, t.created_at, t.id LIMIT ${p(q.pageSize)} OFFSET ${p(offsetOf(q))}`,
      params,
    )) as TaskRow[];
    const [{ count }] = (await this.em.query(`SELECT count(*)::int AS count FROM tasks t WHERE ${where}`, params.slice(0, params.length - 2))) as { count: number }[];
    const today = this.today(actor);
    return { items: rows.map((r) => toTaskResponse(r, today)), total: count, page: q.page, pageSize: q.pageSize };
  }

  async detail(actor: Actor, id: string): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.load(actor, id);
    // One query after the other: inside a transaction they share one connection.
    const progress = (await this.em.query(
      `SELECT p.*, u.full_name FROM task_progress p JOIN users u ON u.id = p.user_id WHERE p.organization_id = $1 AND p.task_id = $2 ORDER BY p.seq`,
      [orgId, id],
    )) as { id: string; percent: number; note: string; user_id: string; full_name: string; created_at: Date }[];
    const requests = (await this.em.query(
      `SELECT r.*, r.current_deadline::text AS current_deadline, r.new_deadline::text AS new_deadline FROM task_extension_requests r
        WHERE r.organization_id = $1 AND r.task_id = $2 ORDER BY r.seq`,
      [orgId, id],
    )) as Record<string, unknown>[];
    const history = (await this.em.query(
      `SELECT e.*, u.full_name FROM task_events e JOIN users u ON u.id = e.actor_user_id WHERE e.organization_id = $1 AND e.task_id = $2 ORDER BY e.seq`,
      [orgId, id],
    )) as { action: string; actor_user_id: string; full_name: string; data: Record<string, unknown>; created_at: Date }[];
    const subTasks = (await this.em.query(
      `SELECT id FROM tasks WHERE organization_id = $1 AND parent_task_id = $2 ORDER BY created_at, id`, [orgId, id],
    )) as { id: string }[];
    return {
      ...toTaskResponse(task, this.today(actor)),
      progress: progress.map((p): TaskProgressResponseDto => ({
        id: p.id, percent: p.percent, note: p.note, userId: p.user_id, fullName: p.full_name, createdAt: new Date(p.created_at).toISOString(),
      })),
      extensionRequests: requests.map(toExtensionResponse),
      history: history.map((e): TaskEventResponseDto => ({
        action: e.action, actorUserId: e.actor_user_id, actorName: e.full_name, data: e.data, at: new Date(e.created_at).toISOString(),
      })),
      subTaskIds: subTasks.map((s) => s.id),
    };
  }

  @Transactional()
  async progress(actor: Actor, id: string, dto: ProgressDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.loadFor(actor, id, 'update', 'Chỉ người được giao (hoặc lãnh đạo phòng được giao) mới báo cáo tiến độ.');
    if (task.status !== 'in_progress') throw invalidState('Chỉ báo cáo tiến độ khi nhiệm vụ đang thực hiện.');
    const now = this.clock.now();
    await this.em.query(`INSERT INTO task_progress (organization_id, task_id, user_id, percent, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [orgId, id, actor.userId, dto.percent, dto.note, now]);
    await this.guardedUpdate(orgId, id, 'in_progress', `progress_percent = $4`, [dto.percent]);
    await this.event(actor, id, 'progress', { percent: dto.percent, note: dto.note });
    return this.detail(actor, id);
  }

  @Transactional()
  async requestExtension(actor: Actor, id: string, dto: ExtensionRequestDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.loadFor(actor, id, 'update', 'Chỉ người được giao mới đề nghị gia hạn.');
    if (task.status !== 'in_progress') throw invalidState('Chỉ đề nghị gia hạn khi nhiệm vụ đang thực hiện.');
    if (dto.newDeadline <= task.deadline) throw validationFailed('newDeadline', `Hạn mới phải sau hạn hiện tại (${task.deadline}).`);
    const [pending] = (await this.em.query(
      `SELECT id FROM task_extension_requests WHERE organization_id = $1 AND task_id = $2 AND status = 'pending'`, [orgId, id],
    )) as { id: string }[];
    if (pending) throw invalidState('Đã có một đề nghị gia hạn đang chờ người giao quyết định.', [{ requestId: pending.id }]);
    const [req] = (await this.em.query(
      `INSERT INTO task_extension_requests (organization_id, task_id, requested_by_user_id, current_deadline, new_deadline, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [orgId, id, actor.userId, task.deadline, dto.newDeadline, dto.reason, this.clock.now()],
    )) as { id: string }[];
    await this.event(actor, id, 'extension_requested', { requestId: req.id, newDeadline: dto.newDeadline, reason: dto.reason });
    await this.notifications.notify(orgId, {
      userId: task.assigned_by_user_id, kind: 'task.extension_requested', title: `Đề nghị gia hạn: ${task.title}`,
      body: `${actor.fullName} đề nghị gia hạn nhiệm vụ "${task.title}" đến ${vn(dto.newDeadline)}: ${dto.reason}`, entityType: 'Task', entityId: id,
    });
    return this.detail(actor, id);
  }

  @Transactional()
  async decideExtension(actor: Actor, id: string, requestId: string, dto: DecideExtensionDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.loadFor(actor, id, 'approve', 'Chỉ người giao nhiệm vụ mới quyết định gia hạn.');
    const [req] = (await this.em.query(
      `SELECT *, new_deadline::text AS new_deadline FROM task_extension_requests WHERE organization_id = $1 AND task_id = $2 AND id = $3`,
      [orgId, id, requestId],
    )) as { id: string; status: string; new_deadline: string; requested_by_user_id: string }[];
    if (!req) throw notFound('Đề nghị gia hạn');
    const [, decided] = (await this.em.query(
      `UPDATE task_extension_requests SET status = $4, decided_by_user_id = $5, decided_at = $6, decision_note = $7
        WHERE organization_id = $1 AND task_id = $2 AND id = $3 AND status = 'pending'`,
      [orgId, id, requestId, dto.approve ? 'approved' : 'rejected', actor.userId, this.clock.now(), dto.note ?? null],
    )) as [unknown, number];
    if (!decided) throw invalidState('Đề nghị gia hạn này đã được quyết định.');
    if (dto.approve) {
      // The deadline moves only here, on approval.
      if (task.status === 'done') throw invalidState('Nhiệm vụ đã hoàn thành, không gia hạn nữa.');
      await this.guardedUpdate(orgId, id, task.status, `deadline = $4, extension_count = extension_count + 1`, [req.new_deadline]);
    }
    await this.event(actor, id, dto.approve ? 'extension_approved' : 'extension_rejected', {
      requestId, previousDeadline: task.deadline, newDeadline: dto.approve ? req.new_deadline : task.deadline, note: dto.note ?? null,
    });
    await this.notifications.notify(orgId, {
      userId: req.requested_by_user_id, kind: dto.approve ? 'task.extension_approved' : 'task.extension_rejected',
      title: `${dto.approve ? 'Đồng ý' : 'Không đồng ý'} gia hạn: ${task.title}`,
      body: dto.approve ? `Hạn mới của nhiệm vụ "${task.title}" là ${vn(req.new_deadline)}.` : `Hạn của nhiệm vụ "${task.title}" giữ nguyên ${vn(task.deadline)}.${dto.note ? ` ${dto.note}` : ''}`,
      entityType: 'Task', entityId: id,
    });
    return this.detail(actor, id);
  }

  @Transactional()
  async reportCompletion(actor: Actor, id: string, dto: ReportCompletionDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.loadFor(actor, id, 'update', 'Chỉ người được giao mới báo cáo hoàn thành.');
    await this.guardedUpdate(orgId, id, 'in_progress', `status = 'completion_reported', completion_report = $4, completion_reported_at = $5, progress_percent = 100`,
      [dto.report, this.clock.now()], 'Chỉ báo cáo hoàn thành khi nhiệm vụ đang thực hiện.');
    await this.event(actor, id, 'completion_reported', { report: dto.report });
    await this.notifications.notify(orgId, {
      userId: task.assigned_by_user_id, kind: 'task.completion_reported', title: `Báo cáo hoàn thành: ${task.title}`,
      body: `${actor.fullName} báo cáo đã hoàn thành nhiệm vụ "${task.title}". Vui lòng xem xét và nghiệm thu.`, entityType: 'Task', entityId: id,
    });
    return this.detail(actor, id);
  }

  @Transactional()
  async accept(actor: Actor, id: string): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.loadFor(actor, id, 'approve', 'Chỉ người giao nhiệm vụ mới nghiệm thu; người thực hiện không tự nghiệm thu việc của mình.');
    const now = this.clock.now();
    const completedOn = localDate(now, actor.timeZone);
    await this.guardedUpdate(orgId, id, 'completion_reported', `status = 'done', completed_at = $4, completed_on = $5`, [now, completedOn],
      'Chỉ nghiệm thu khi người thực hiện đã báo cáo hoàn thành.');
    await this.event(actor, id, 'accepted', { completedOn, onTime: completedOn <= task.deadline });
    for (const userId of await this.assigneeRecipients(orgId, task)) {
      await this.notifications.notify(orgId, {
        userId, kind: 'task.accepted', title: `Đã nghiệm thu: ${task.title}`, body: `Nhiệm vụ "${task.title}" đã được nghiệm thu, hoàn thành.`,
        entityType: 'Task', entityId: id,
      });
    }
    return this.detail(actor, id);
  }

  @Transactional()
  async reopen(actor: Actor, id: string, dto: ReopenDto): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.loadFor(actor, id, 'approve', 'Chỉ người giao nhiệm vụ mới yêu cầu làm lại.');
    await this.guardedUpdate(orgId, id, 'completion_reported', `status = 'in_progress', completion_reported_at = NULL`, [],
      'Chỉ yêu cầu làm lại khi người thực hiện đã báo cáo hoàn thành.');
    await this.event(actor, id, 'reopened', { reason: dto.reason });
    for (const userId of await this.assigneeRecipients(orgId, task)) {
      await this.notifications.notify(orgId, {
        userId, kind: 'task.reopened', title: `Yêu cầu làm lại: ${task.title}`, body: `Nhiệm vụ "${task.title}" chưa được nghiệm thu: ${dto.reason}`,
        entityType: 'Task', entityId: id,
      });
    }
    return this.detail(actor, id);
  }

  /** Job 'task.assigned': tells the assignee (or the department's head and deputies) and the coordinators. Idempotent. */
  @Transactional()
  async notifyAssigned(orgId: string, taskId: string): Promise<number> {
    if (!orgId) throw new Error('notifyAssigned: organization id is required');
    const [task] = (await this.em.query(`${SELECT_TASK} WHERE t.organization_id = $1 AND t.id = $2`, [orgId, taskId])) as TaskRow[];
    if (!task) return 0;
    let sent = 0;
    for (const userId of await this.assigneeRecipients(orgId, task)) {
      const id = await this.notifications.notify(orgId, {
        userId, kind: 'task.assigned', title: `Nhiệm vụ mới: ${task.title}`,
        body: `${task.assigner_name} giao nhiệm vụ "${task.title}", hạn xử lý ${vn(task.deadline)}.`, entityType: 'Task', entityId: taskId,
      }, `task-assigned-${taskId}-${userId}`);
      if (id) sent++;
    }
    for (const c of task.coordinators) {
      if (!c.userId) continue;
      const id = await this.notifications.notify(orgId, {
        userId: c.userId, kind: 'task.coordinating', title: `Phối hợp thực hiện: ${task.title}`,
        body: `Bạn được phân công phối hợp thực hiện nhiệm vụ "${task.title}", hạn ${vn(task.deadline)}.`, entityType: 'Task', entityId: taskId,
      }, `task-coordinating-${taskId}-${c.userId}`);
      if (id) sent++;
    }
    return sent;
  }

  // ---- helpers ----

  private async load(actor: Actor, id: string, what = 'Nhiệm vụ'): Promise<TaskRow> {
    const [task] = (await this.em.query(`${SELECT_TASK} WHERE t.organization_id = $1 AND t.id = $2`, [actor.orgId, id])) as TaskRow[];
    if (!task) throw notFound(what);
    this.authz.assert(actor, 'read', 'Task', taskSubject(task), what);
    return task;
  }

  private async loadFor(actor: Actor, id: string, action: 'update' | 'approve', message: string): Promise<TaskRow> {
    const [task] = (await this.em.query(`${SELECT_TASK} WHERE t.organization_id = $1 AND t.id = $2 FOR UPDATE OF t`, [actor.orgId, id])) as TaskRow[];
    if (!task) throw notFound('Nhiệm vụ');
    this.authz.assert(actor, action, 'Task', taskSubject(task), 'Nhiệm vụ', message);
    return task;
  }

  /** UPDATE … WHERE status = expected; 0 rows → 409 INVALID_STATE. $1 org, $2 id, $3 expected status, then `extra`. */
  private async guardedUpdate(orgId: string, id: string, expected: TaskStatus, set: string, extra: unknown[], message = 'Trạng thái nhiệm vụ đã thay đổi, vui lòng tải lại.') {
    const [, affected] = (await this.em.query(
      `UPDATE tasks SET ${set}, updated_at = now(), version = version + 1 WHERE organization_id = $1 AND id = $2 AND status = $3`,
      [orgId, id, expected, ...extra],
    )) as [unknown, number];
    if (!affected) throw invalidState(message);
  }

  private async event(actor: Actor, taskId: string, action: ActionOf<'task'>, data: Record<string, unknown>) {
    const orgId = actor.orgId as string;
    await this.em.query(`INSERT INTO task_events (organization_id, task_id, actor_user_id, action, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [orgId, taskId, actor.userId, action, JSON.stringify(data), this.clock.now()]);
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: `task.${action}`, entityType: 'Task', entityId: taskId, data });
  }

  private async assigneeRecipients(orgId: string, task: TaskRow): Promise<string[]> {
    if (task.assignee_user_id) return [task.assignee_user_id];
    const rows = (await this.em.query(
      `SELECT DISTINCT r.user_id FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
        WHERE r.organization_id = $1 AND r.department_id = $2 AND r.role IN ('head', 'deputy_head')`,
      [orgId, task.assignee_department_id],
    )) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  /** A person (with the department they work in, the one the assigning head leads when several) or a department. */
  private async resolveAssignee(actor: Actor, orgId: string, party: TaskPartyDto): Promise<{ userId: string | null; departmentId: string | null }> {
    if (!party || Boolean(party.userId) === Boolean(party.departmentId)) {
      throw validationFailed('assignee', 'Chọn đúng một người ({ userId }) hoặc một phòng ({ departmentId }) nhận nhiệm vụ.');
    }
    if (party.departmentId) {
      await this.assertDepartment(orgId, party.departmentId);
      return { userId: null, departmentId: party.departmentId };
    }
    const [user] = (await this.em.query(
      `SELECT u.id, u.disabled, u.department_id,
              coalesce(array_agg(r.department_id) FILTER (WHERE r.department_id IS NOT NULL), '{}') AS role_departments
         FROM users u LEFT JOIN role_assignments r ON r.user_id = u.id
        WHERE u.organization_id = $1 AND u.id = $2 GROUP BY u.id`,
      [orgId, party.userId],
    )) as { id: string; disabled: boolean; department_id: string | null; role_departments: string[] }[];
    if (!user) throw notFound('Người nhận nhiệm vụ');
    if (user.disabled) throw new DomainError('BUSINESS_RULE', 'Tài khoản người nhận đang bị khóa, không giao nhiệm vụ được.');
    const departments = [...new Set([...(user.department_id ? [user.department_id] : []), ...user.role_departments])];
    const led = departmentsWithRole(actor, 'head', 'deputy_head');
    const departmentId = departments.find((d) => led.includes(d)) ?? departments[0] ?? null;
    return { userId: user.id, departmentId };
  }

  private async resolveCoordinators(orgId: string, parties: TaskPartyDto[], assignee: { userId: string | null; departmentId: string | null }) {
    const seen = new Set<string>();
    const out: TaskPartyDto[] = [];
    for (const [i, c] of parties.entries()) {
      if (Boolean(c.userId) === Boolean(c.departmentId)) throw validationFailed(`coordinators.${i}`, 'Mỗi bên phối hợp là một người hoặc một phòng.');
      const key = (c.userId ?? c.departmentId) as string;
      if (seen.has(key) || key === assignee.userId || (c.departmentId && c.departmentId === assignee.departmentId && !assignee.userId)) continue;
      seen.add(key);
      if (c.departmentId) await this.assertDepartment(orgId, c.departmentId);
      else {
        const [u] = (await this.em.query(`SELECT id FROM users WHERE organization_id = $1 AND id = $2`, [orgId, c.userId])) as unknown[];
        if (!u) throw notFound('Người phối hợp');
      }
      out.push(c);
    }
    return out;
  }

  private async assertDepartment(orgId: string, id: string) {
    const [d] = (await this.em.query(`SELECT id FROM departments WHERE organization_id = $1 AND id = $2`, [orgId, id])) as unknown[];
    if (!d) throw notFound('Phòng ban');
  }

  /** incoming_documents belongs to another module: checked with plain SQL, and absent until that module's migration runs. */
  private async assertIncomingExists(orgId: string, id: string) {
    const [{ exists }] = (await this.em.query(`SELECT to_regclass('incoming_documents') IS NOT NULL AS exists`)) as { exists: boolean }[];
    const [doc] = exists ? ((await this.em.query(`SELECT id FROM incoming_documents WHERE organization_id = $1 AND id = $2`, [orgId, id])) as unknown[]) : [];
    if (!doc) throw notFound('Văn bản đến nguồn');
  }
}

const vn = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

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

function toExtensionResponse(r: Record<string, unknown>): ExtensionRequestResponseDto {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id as string, currentDeadline: r.current_deadline as string, newDeadline: r.new_deadline as string, reason: r.reason as string,
    status: r.status as string, requestedByUserId: r.requested_by_user_id as string, decidedByUserId: (r.decided_by_user_id as string) ?? null,
    decidedAt: iso(r.decided_at), decisionNote: (r.decision_note as string) ?? null, createdAt: iso(r.created_at) as string,
  };
}
