import { randomUUID } from 'node:crypto';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import type { OtherOrgContext, IdFixture } from '../e2e/route-matrix/other-org-fixtures';
import type { TestApp } from '../setup/test-app';
import { createUser, TestUser } from './ward.factory';

/** A task created through the API by `by` (a leader or head). Returns the response body. */
export async function createTask(
  t: TestApp,
  by: TestUser,
  body: { assignee: { userId?: string; departmentId?: string }; deadline: string; title?: string; priority?: string; coordinators?: object[]; parentTaskId?: string },
) {
  const res = await t.http.post('/api/v1/tasks').set(by.auth).send({ title: body.title ?? `Nhiệm vụ ${randomUUID().slice(0, 8)}`, ...body });
  if (res.status !== 201) throw new Error(`createTask: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; deadline: string; overdue: boolean; [k: string]: unknown };
}

const otherOrgTask = async ({ t, other, otherPowerUser }: OtherOrgContext) => {
  const assignee = await createUser(t, other, { roles: [] });
  const task = await createTask(t, otherPowerUser, { assignee: { userId: assignee.id }, deadline: '2099-12-31' });
  return task.id;
};

/** Route-matrix entries for every :id route of tasks, notifications and job failures (records in the OTHER organization). */
export const TASKS_OTHER_ORG_FIXTURES: Record<string, IdFixture> = {
  '/api/v1/tasks/:id': async (ctx) => ({ ids: { id: await otherOrgTask(ctx) } }),
  '/api/v1/tasks/:id/progress': async (ctx) => ({ ids: { id: await otherOrgTask(ctx) }, body: { percent: 10, note: 'Tiến độ' } }),
  '/api/v1/tasks/:id/extension-requests': async (ctx) => ({ ids: { id: await otherOrgTask(ctx) }, body: { newDeadline: '2100-01-31', reason: 'Cần thêm thời gian' } }),
  '/api/v1/tasks/:id/extension-requests/:requestId/decide': async (ctx) => {
    const id = await otherOrgTask(ctx);
    const [row] = (await ctx.t.ds.query(
      `INSERT INTO task_extension_requests (organization_id, task_id, requested_by_user_id, current_deadline, new_deadline, reason)
       SELECT organization_id, id, assigned_by_user_id, deadline, deadline + 30, 'Gia hạn' FROM tasks WHERE id = $1 RETURNING id`, [id],
    )) as { id: string }[];
    return { ids: { id, requestId: row.id }, body: { approve: true } };
  },
  '/api/v1/tasks/:id/report-completion': async (ctx) => ({ ids: { id: await otherOrgTask(ctx) }, body: { report: 'Đã xong' } }),
  '/api/v1/tasks/:id/accept': async (ctx) => ({ ids: { id: await otherOrgTask(ctx) } }),
  '/api/v1/tasks/:id/reopen': async (ctx) => ({ ids: { id: await otherOrgTask(ctx) }, body: { reason: 'Làm lại' } }),
  '/api/v1/notifications/:id/read': async ({ t, other, otherPowerUser }) => {
    const id = await t.app.get(NotificationsService).notify(other.id, {
      userId: otherPowerUser.id, kind: 'test', title: 'Thông báo đơn vị khác', body: '',
    });
    return { ids: { id: id as string } };
  },
  '/api/v1/job-failures/:id/retry': async ({ t, other }) => {
    const [row] = (await t.ds.query(
      `INSERT INTO job_failures (organization_id, queue, job_name, job_id, payload, error, attempts_made)
       VALUES ($1, 'notifications', 'task.assigned', $2, $3, 'Error: test', 5) RETURNING id`,
      [other.id, randomUUID(), JSON.stringify({ v: 1, orgId: other.id, taskId: randomUUID() })],
    )) as { id: string }[];
    return { ids: { id: row.id } };
  },
};
