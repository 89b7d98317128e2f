import { Injectable } from '@nestjs/common';
import { departmentsWithRole } from '../../common/auth/actor';
import type { WorklistSource, WorklistSqlContext } from '../worklist/worklist.types';

const INACTIVE = (col: string) => `NOT EXISTS (SELECT 1 FROM users vu WHERE vu.id = ${col} AND NOT vu.disabled)`;
const NO_HEAD = `NOT EXISTS (SELECT 1 FROM role_assignments vr JOIN users vu ON vu.id = vr.user_id AND NOT vu.disabled
  WHERE vr.department_id = t.assignee_department_id AND vr.role IN ('head', 'deputy_head'))`;
const COLUMNS = (action: string, fromUser: string, since: string, problem = 'NULL') => `SELECT 'task'::text, t.id, NULL::uuid, t.title::text,
  ${action}, NULL::text, ''::text, ${fromUser}, NULL::text, t.deadline, t.priority::text, ${since}, ${problem}::text, t.assignee_department_id, NULL::uuid`;

/**
 * Tasks waiting: open tasks for their assignee (a department's for its heads and deputies), completion reports for the
 * one who assigned them, extension requests to decide. A department task with no active head, or a person's task
 * whose assignee left, goes to the department's chain by the fallback order.
 */
@Injectable()
export class TasksWorklistSource implements WorklistSource {
  readonly kind = 'task' as const;

  sql(ctx: WorklistSqlContext): string {
    const { org, me, office, handled } = ctx;
    const open = `FROM tasks t WHERE t.organization_id = ${org} AND t.status = 'in_progress'`;
    const dept = `coalesce(t.assignee_department_id, ${office})`;
    if (ctx.scope === 'department') {
      return `${COLUMNS(`CASE t.status WHEN 'in_progress' THEN 'handle' ELSE 'accept' END`, 't.assigned_by_user_id', 't.created_at')}
        FROM tasks t WHERE t.organization_id = ${org} AND t.status IN ('in_progress', 'completion_reported') AND t.assignee_department_id = ANY(${ctx.scopeDepts})`;
    }
    if (ctx.scope === 'stuck') {
      return `${COLUMNS(`'handle'`, 't.assigned_by_user_id', 't.created_at', `CASE WHEN t.assignee_user_id IS NULL THEN 'no_head' ELSE 'holder_inactive' END`)}
        ${open} AND ((t.assignee_user_id IS NULL AND ${NO_HEAD}) OR (t.assignee_user_id IS NOT NULL AND ${INACTIVE('t.assignee_user_id')}))
        UNION ALL
        ${COLUMNS(`'accept'`, 't.assignee_user_id', 't.completion_reported_at', `'holder_inactive'`)}
        FROM tasks t WHERE t.organization_id = ${org} AND t.status = 'completion_reported' AND ${INACTIVE('t.assigned_by_user_id')}`;
    }
    const leads = ctx.p(departmentsWithRole(ctx.actor, 'head', 'deputy_head'), 'uuid[]');
    return `
      ${COLUMNS(`'handle'`, 't.assigned_by_user_id', 't.created_at')}
        ${open} AND (t.assignee_user_id = ${me} OR (t.assignee_user_id IS NULL AND t.assignee_department_id = ANY(${leads})))
      UNION ALL
      ${COLUMNS(`'handle'`, 't.assigned_by_user_id', 't.created_at')}
        ${open} AND t.assignee_user_id IS NULL AND t.assignee_department_id = ANY(${handled}) AND NOT t.assignee_department_id = ANY(${leads}) AND ${NO_HEAD}
      UNION ALL
      ${COLUMNS(`'reroute'`, 't.assigned_by_user_id', 't.created_at')}
        ${open} AND t.assignee_user_id IS NOT NULL AND t.assignee_user_id <> ${me} AND ${dept} = ANY(${handled}) AND ${INACTIVE('t.assignee_user_id')}
      UNION ALL
      ${COLUMNS(`'accept'`, 't.assignee_user_id', 't.completion_reported_at')}
        FROM tasks t WHERE t.organization_id = ${org} AND t.status = 'completion_reported' AND t.assigned_by_user_id = ${me}
      UNION ALL
      ${COLUMNS(`'decide_extension'`, 'r.requested_by_user_id', 'r.created_at')}
        FROM task_extension_requests r JOIN tasks t ON t.organization_id = r.organization_id AND t.id = r.task_id
       WHERE r.organization_id = ${org} AND r.status = 'pending' AND t.assigned_by_user_id = ${me}`;
  }
}
