import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const api = '/api/v1/tasks';

describe('tasks (giao việc)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T09:00:00+07:00'); // Monday
    w = await createTanBinhWard(t);
  });
  beforeEach(() => t.clock.set('2025-07-07T09:00:00+07:00'));
  afterAll(() => t.close());

  it('runs the whole life cycle: assign, progress, extension decided by the assigner, completion, reopen, accept — with full history', async () => {
    const { chairman, ktSpecialist } = w.users;
    const task = await createTask(t, chairman, { assignee: { userId: ktSpecialist.id }, deadline: '2025-07-18', title: 'Rà soát hồ sơ cấp phép' });
    expect(task).toMatchObject({ status: 'in_progress', deadline: '2025-07-18', overdue: false, assignee: { userId: ktSpecialist.id, departmentId: w.departments.kt.id } });

    // Progress: 0–100; 101 is refused.
    await t.http.post(`${api}/${task.id}/progress`).set(ktSpecialist.auth).send({ percent: 101, note: 'quá' }).expect(400);
    const p = await t.http.post(`${api}/${task.id}/progress`).set(ktSpecialist.auth).send({ percent: 40, note: 'Đã rà soát 8/20 hồ sơ' }).expect(200);
    expect(p.body.progressPercent).toBe(40);
    // Only the assignee side reports progress; the assigner may read but not act → 403.
    await t.http.post(`${api}/${task.id}/progress`).set(chairman.auth).send({ percent: 50, note: 'x' }).expect(403);

    // Extension: the deadline moves only when the assigner approves.
    const ext = await t.http.post(`${api}/${task.id}/extension-requests`).set(ktSpecialist.auth).send({ newDeadline: '2025-07-25', reason: 'Chờ hồ sơ bổ sung' }).expect(201);
    expect(ext.body.deadline).toBe('2025-07-18');
    const requestId = ext.body.extensionRequests[0].id as string;
    await t.http.post(`${api}/${task.id}/extension-requests`).set(ktSpecialist.auth).send({ newDeadline: '2025-07-26', reason: 'lần hai' }).expect(409);
    await t.http.post(`${api}/${task.id}/extension-requests/${requestId}/decide`).set(ktSpecialist.auth).send({ approve: true }).expect(403);
    const decided = await t.http.post(`${api}/${task.id}/extension-requests/${requestId}/decide`).set(chairman.auth).send({ approve: true, note: 'Đồng ý' }).expect(200);
    expect(decided.body).toMatchObject({ deadline: '2025-07-25', extensionCount: 1 });
    expect(decided.body.extensionRequests[0]).toMatchObject({ status: 'approved', decidedByUserId: chairman.id });
    await t.http.post(`${api}/${task.id}/extension-requests/${requestId}/decide`).set(chairman.auth).send({ approve: false }).expect(409);

    // Accept only after a completion report, only by the assigner.
    await t.http.post(`${api}/${task.id}/accept`).set(chairman.auth).expect(409);
    const reported = await t.http.post(`${api}/${task.id}/report-completion`).set(ktSpecialist.auth).send({ report: 'Đã hoàn thành' }).expect(200);
    expect(reported.body.status).toBe('completion_reported');
    await t.http.post(`${api}/${task.id}/accept`).set(ktSpecialist.auth).expect(403);
    const reopened = await t.http.post(`${api}/${task.id}/reopen`).set(chairman.auth).send({ reason: 'Thiếu số liệu phường 3' }).expect(200);
    expect(reopened.body.status).toBe('in_progress');
    await t.http.post(`${api}/${task.id}/reopen`).set(chairman.auth).send({ reason: 'lại' }).expect(409);
    await t.http.post(`${api}/${task.id}/report-completion`).set(ktSpecialist.auth).send({ report: 'Đã bổ sung' }).expect(200);
    t.clock.set('2025-07-24T16:00:00+07:00');
    const done = await t.http.post(`${api}/${task.id}/accept`).set(chairman.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false, completedOnTime: true });
    await t.http.post(`${api}/${task.id}/progress`).set(ktSpecialist.auth).send({ percent: 10, note: 'muộn' }).expect(409);

    const detail = await t.http.get(`${api}/${task.id}`).set(ktSpecialist.auth).expect(200);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual([
      'created', 'progress', 'extension_requested', 'extension_approved', 'completion_reported', 'reopened', 'completion_reported', 'accepted',
    ]);
    expect(detail.body.progress).toHaveLength(1);
    t.clock.set('2025-07-07T09:00:00+07:00');
  });

  it('refuses a head assigning outside their department (403) and lets them assign to their own staff', async () => {
    const { ktHead, ktSpecialist, vhxhSpecialist } = w.users;
    const outside = await t.http.post(api).set(ktHead.auth).send({ title: 'Ngoài phòng', assignee: { userId: vhxhSpecialist.id }, deadline: '2025-07-20' });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('FORBIDDEN');
    await t.http.post(api).set(ktHead.auth).send({ title: 'Cả phòng khác', assignee: { departmentId: w.departments.vhxh.id }, deadline: '2025-07-20' }).expect(403);
    const own = await createTask(t, ktHead, { assignee: { userId: ktSpecialist.id }, deadline: '2025-07-20' });
    expect(own.status).toBe('in_progress');
    // A specialist may not assign at all.
    await t.http.post(api).set(ktSpecialist.auth).send({ title: 'x', assignee: { userId: ktHead.id }, deadline: '2025-07-20' }).expect(403);
  });

  it('validates the body: one assignee, a date deadline not in the past, an existing source document', async () => {
    const { chairman, ktSpecialist } = w.users;
    await t.http.post(api).set(chairman.auth).send({ title: 'x', assignee: { userId: ktSpecialist.id, departmentId: w.departments.kt.id }, deadline: '2025-07-20' }).expect(400);
    await t.http.post(api).set(chairman.auth).send({ title: 'x', assignee: { userId: ktSpecialist.id }, deadline: '20/07/2025' }).expect(400);
    await t.http.post(api).set(chairman.auth).send({ title: 'x', assignee: { userId: ktSpecialist.id }, deadline: '2025-07-01' }).expect(400);
    await t.http.post(api).set(chairman.auth).send({ title: 'x', assignee: { userId: ktSpecialist.id }, deadline: '2025-07-20', sourceIncomingId: '00000000-0000-4000-8000-000000000000' }).expect(404);
  });

  it('lets the head act on a task given to the whole department, with a sub-task for their staff; the clerk only reads it', async () => {
    const { viceChairman, ktHead, ktClerk, ktSpecialist, vhxhHead } = w.users;
    const dept = await createTask(t, viceChairman, { assignee: { departmentId: w.departments.kt.id }, deadline: '2025-07-31', coordinators: [{ departmentId: w.departments.vhxh.id }] });
    await t.http.get(`${api}/${dept.id}`).set(ktClerk.auth).expect(200);
    await t.http.post(`${api}/${dept.id}/progress`).set(ktClerk.auth).send({ percent: 10, note: 'x' }).expect(403);
    await t.http.get(`${api}/${dept.id}`).set(vhxhHead.auth).expect(200); // coordinating department
    await t.http.get(`${api}/${dept.id}`).set(ktSpecialist.auth).expect(404);
    await t.http.post(`${api}/${dept.id}/progress`).set(ktHead.auth).send({ percent: 20, note: 'Đã phân công' }).expect(200);
    const sub = await createTask(t, ktHead, { assignee: { userId: ktSpecialist.id }, deadline: '2025-07-30', parentTaskId: dept.id });
    expect(sub.parentTaskId).toBe(dept.id);
    await t.http.post(api).set(ktHead.auth).send({ title: 'muộn hơn cha', assignee: { userId: ktSpecialist.id }, deadline: '2025-08-30', parentTaskId: dept.id }).expect(400);
    const mine = await t.http.get(`${api}?scope=assigned_to_me`).set(ktHead.auth).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(dept.id);
    const byMe = await t.http.get(`${api}?scope=assigned_by_me`).set(ktHead.auth).expect(200);
    expect(byMe.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([sub.id]));
    const department = await t.http.get(`${api}?scope=department&status=in_progress`).set(ktHead.auth).expect(200);
    expect(department.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([dept.id, sub.id]));
  });

  it('marks a task overdue after the end of its deadline day in the organization time zone, and filters on it', async () => {
    const { chairman, vhxhSpecialist } = w.users;
    const task = await createTask(t, chairman, { assignee: { userId: vhxhSpecialist.id }, deadline: '2025-07-08' });
    t.clock.set('2025-07-08T23:59:00+07:00');
    expect((await t.http.get(`${api}/${task.id}`).set(vhxhSpecialist.auth).expect(200)).body.overdue).toBe(false);
    t.clock.set('2025-07-09T00:00:30+07:00');
    expect((await t.http.get(`${api}/${task.id}`).set(vhxhSpecialist.auth).expect(200)).body.overdue).toBe(true);
    const overdue = await t.http.get(`${api}?overdue=true`).set(vhxhSpecialist.auth).expect(200);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([task.id]);
    t.clock.set('2025-07-07T09:00:00+07:00');
  });
});
