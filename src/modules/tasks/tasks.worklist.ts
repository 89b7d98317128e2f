import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Actor, departmentsWithRole } from '../../common/auth/actor';
import type { Urgency, WorklistItem, WorklistSource } from '../worklist/worklist.types';

/**
 * Tasks waiting for the caller: their open tasks (or their department's, for its head and deputies) to handle, the
 * completion reports they must accept or send back, and the extension requests they must decide.
 */
@Injectable()
export class TasksWorklistSource implements WorklistSource {
  readonly kind = 'task' as const;

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async items(actor: Actor, today: string): Promise<WorklistItem[]> {
    if (!actor.orgId) return [];
    const leads = departmentsWithRole(actor, 'head', 'deputy_head');
    const rows = (await this.txHost.tx.query(
      `SELECT t.id, t.title, t.priority, t.deadline::text AS deadline, 'handle' AS action, t.created_at AS since
         FROM tasks t
        WHERE t.organization_id = $1 AND t.status = 'in_progress'
          AND (t.assignee_user_id = $2 OR (t.assignee_user_id IS NULL AND t.assignee_department_id = ANY($3::uuid[])))
       UNION ALL
       SELECT t.id, t.title, t.priority, t.deadline::text, 'accept', t.completion_reported_at
         FROM tasks t
        WHERE t.organization_id = $1 AND t.status = 'completion_reported' AND t.assigned_by_user_id = $2
       UNION ALL
       SELECT t.id, t.title, t.priority, t.deadline::text, 'decide_extension', r.created_at
         FROM task_extension_requests r JOIN tasks t ON t.organization_id = r.organization_id AND t.id = r.task_id
        WHERE r.organization_id = $1 AND r.status = 'pending' AND t.assigned_by_user_id = $2`,
      [actor.orgId, actor.userId, leads],
    )) as { id: string; title: string; priority: Urgency; deadline: string; action: string; since: Date }[];
    return rows.map((r) => ({
      kind: 'task', id: r.id, lineId: null, title: r.title, action: r.action, deadline: r.deadline, urgency: r.priority,
      overdue: r.deadline < today, since: new Date(r.since).toISOString(),
    }));
  }
}
