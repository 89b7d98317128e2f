import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { invalidState, notFound } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { AuditService } from '../audit/audit.service';
import type { ActionOf } from '../audit/audit-actions';
import type { TaskStatus } from './dto/task.dto';
import { SELECT_TASK, TaskRow, taskSubject } from './task-record';

/** SQL shared by the task use cases: loading a task (with the instance check), the guarded update, the event + audit row. */
@Injectable()
export class TasksRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private get em() {
    return this.txHost.tx;
  }

  /** For jobs: no actor, no instance check; null when the task is gone. */
  async findForJob(orgId: string, taskId: string): Promise<TaskRow | null> {
    const [task] = (await this.em.query(`${SELECT_TASK} WHERE t.organization_id = $1 AND t.id = $2`, [orgId, taskId])) as TaskRow[];
    return task ?? null;
  }

  async load(actor: Actor, id: string, what = 'Nhiệm vụ'): Promise<TaskRow> {
    const [task] = (await this.em.query(`${SELECT_TASK} WHERE t.organization_id = $1 AND t.id = $2`, [actor.orgId, id])) as TaskRow[];
    if (!task) throw notFound(what);
    this.authz.assert(actor, 'read', 'Task', taskSubject(task), what);
    return task;
  }

  async loadFor(actor: Actor, id: string, action: 'update' | 'approve', message: string): Promise<TaskRow> {
    const [task] = (await this.em.query(`${SELECT_TASK} WHERE t.organization_id = $1 AND t.id = $2 FOR UPDATE OF t`, [actor.orgId, id])) as TaskRow[];
    if (!task) throw notFound('Nhiệm vụ');
    this.authz.assert(actor, action, 'Task', taskSubject(task), 'Nhiệm vụ', message);
    return task;
  }

  /** UPDATE … WHERE status = expected; 0 rows → 409 INVALID_STATE. $1 org, $2 id, $3 expected status, then `extra`. */
  async guardedUpdate(orgId: string, id: string, expected: TaskStatus, set: string, extra: unknown[], message = 'Trạng thái nhiệm vụ đã thay đổi, vui lòng tải lại.') {
    const [, affected] = (await this.em.query(
      `UPDATE tasks SET ${set}, updated_at = now(), version = version + 1 WHERE organization_id = $1 AND id = $2 AND status = $3`,
      [orgId, id, expected, ...extra],
    )) as [unknown, number];
    if (!affected) throw invalidState(message);
  }

  async event(actor: Actor, taskId: string, action: ActionOf<'task'>, data: Record<string, unknown>) {
    const orgId = actor.orgId as string;
    await this.em.query(`INSERT INTO task_events (organization_id, task_id, actor_user_id, action, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [orgId, taskId, actor.userId, action, JSON.stringify(data), this.clock.now()]);
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, action: `task.${action}`, entityType: 'Task', entityId: taskId, data });
  }

  async assigneeRecipients(orgId: string, task: TaskRow): Promise<string[]> {
    if (task.assignee_user_id) return [task.assignee_user_id];
    const rows = (await this.em.query(
      `SELECT DISTINCT r.user_id FROM role_assignments r JOIN users u ON u.id = r.user_id AND NOT u.disabled
        WHERE r.organization_id = $1 AND r.department_id = $2 AND r.role IN ('head', 'deputy_head')`,
      [orgId, task.assignee_department_id],
    )) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }
}
