import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Actor, departmentsWithRole } from '../../common/auth/actor';
import { accessibleSql } from '../../common/authz/accessible-sql';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { ListTasksQueryDto, TaskDetailResponseDto, TaskEventResponseDto, TaskProgressResponseDto, TaskResponseDto } from './dto/task.dto';
import { SELECT_TASK, TASK_FIELDS, TaskRow, toExtensionResponse, toTaskResponse } from './task-record';
import { TasksRepository } from './tasks.repository';

/** Reading tasks: the filtered list and one task with its progress, extension requests, history and sub-tasks. */
@Injectable()
export class TaskQueriesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: TasksRepository,
    private readonly clock: Clock,
  ) {}

  private get em() {
    return this.txHost.tx;
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
      const overdue = `(t.status <> 'done' AND t.deadline < ${p(localDate(this.clock.now(), actor.timeZone))}::date)`;
      conds.push(q.overdue ? overdue : `NOT ${overdue}`);
    }
    const where = conds.join(' AND ');
    const rows = (await this.em.query(
      `${SELECT_TASK} WHERE ${where} ORDER BY (t.status = 'done'), t.deadline, t.created_at, t.id LIMIT ${p(q.pageSize)} OFFSET ${p(offsetOf(q))}`,
      params,
    )) as TaskRow[];
    const [{ count }] = (await this.em.query(`SELECT count(*)::int AS count FROM tasks t WHERE ${where}`, params.slice(0, params.length - 2))) as { count: number }[];
    const today = localDate(this.clock.now(), actor.timeZone);
    return { items: rows.map((r) => toTaskResponse(r, today)), total: count, page: q.page, pageSize: q.pageSize };
  }

  async detail(actor: Actor, id: string): Promise<TaskDetailResponseDto> {
    const orgId = actor.orgId as string;
    const task = await this.repo.load(actor, id);
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
      ...toTaskResponse(task, localDate(this.clock.now(), actor.timeZone)),
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
}
