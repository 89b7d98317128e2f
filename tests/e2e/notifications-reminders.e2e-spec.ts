import { ClsService } from 'nestjs-cls';
import { RemindersService } from '../../src/modules/notifications/reminders/reminders.service';
import { directedIncoming } from '../factories/incoming.factory';
import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

describe('deadline reminders', () => {
  let t: TestApp;
  let w: TanBinhWard;
  let reminders: RemindersService;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    reminders = t.app.get(RemindersService);
  });
  afterAll(() => t.close());

  const inCls = <T>(fn: () => Promise<T>) => t.app.get(ClsService).run(fn);
  /** What a scan at `at` would enqueue for this ward's task, as "kind day". */
  const dueFor = async (taskId: string, at: string) =>
    (await reminders.due(new Date(at))).filter((r) => r.entityId === taskId).map((r) => `${r.kind} ${r.day}`);
  const sendAll = async (taskId: string, at: string) => {
    t.clock.set(at); // the worker runs at the scan's time
    const out: string[] = [];
    for (const r of (await reminders.due(new Date(at))).filter((x) => x.entityId === taskId)) out.push(await inCls(() => reminders.send(r)));
    return out;
  };

  it('reminds before (2 days), on the day and each working day while overdue — once per kind and day', async () => {
    t.clock.set('2025-07-07T09:00:00+07:00');
    const task = await createTask(t, w.users.chairman, { title: 'Báo cáo quý', deadline: '2025-07-18', assignee: { userId: w.users.ktSpecialist.id } });
    expect(await dueFor(task.id, '2025-07-15T08:00:00+07:00')).toEqual([]);
    expect(await dueFor(task.id, '2025-07-16T08:00:00+07:00')).toEqual(['due_soon 2025-07-18']);
    expect(await sendAll(task.id, '2025-07-16T08:00:00+07:00')).toEqual(['sent']);
    expect(await dueFor(task.id, '2025-07-17T08:00:00+07:00')).toEqual([]); // the "before" reminder was given
    // 18/07 00:30 in Hồ Chí Minh City is still 17/07 in UTC: the organization's zone decides.
    expect(await dueFor(task.id, '2025-07-17T17:30:00Z')).toEqual(['due_today 2025-07-18']);
    expect(await sendAll(task.id, '2025-07-18T08:00:00+07:00')).toEqual(['sent']);
    expect(await dueFor(task.id, '2025-07-19T08:00:00+07:00')).toEqual([]); // Saturday
    expect(await dueFor(task.id, '2025-07-20T08:00:00+07:00')).toEqual([]); // Sunday
    const monday = (await reminders.due(new Date('2025-07-21T08:00:00+07:00'))).find((r) => r.entityId === task.id)!;
    expect(monday).toMatchObject({ kind: 'overdue', day: '2025-07-21' });
    t.clock.set('2025-07-21T08:00:00+07:00');
    expect(await inCls(() => reminders.send(monday))).toBe('sent');
    expect(await inCls(() => reminders.send(monday))).toBe('duplicate'); // a retried job is a no-op
    expect(await dueFor(task.id, '2025-07-22T08:00:00+07:00')).toEqual(['overdue 2025-07-22']);

    const titles = async (userId: string) => ((await t.ds.query(
      `SELECT title FROM notifications WHERE user_id = $1 AND entity_id = $2 AND kind LIKE 'reminder.%' ORDER BY created_at, title`, [userId, task.id],
    )) as { title: string }[]).map((r) => r.title);
    expect(await titles(w.users.ktSpecialist.id)).toEqual(['Sắp đến hạn 18/07/2025: Báo cáo quý', 'Hôm nay đến hạn: Báo cáo quý', 'Quá hạn 3 ngày: Báo cáo quý']);
    expect(await titles(w.users.chairman.id)).toEqual(['Quá hạn 3 ngày: Báo cáo quý']); // the assigner hears when it is late
  });

  it('gives an extended deadline its own reminders and says nothing once the task is done', async () => {
    t.clock.set('2025-07-07T09:00:00+07:00');
    const { chairman, vhxhSpecialist } = w.users;
    const task = await createTask(t, chairman, { title: 'Gia hạn', deadline: '2025-07-16', assignee: { userId: vhxhSpecialist.id } });
    await sendAll(task.id, '2025-07-14T08:00:00+07:00');
    const ext = await t.http.post(`/api/v1/tasks/${task.id}/extension-requests`).set(vhxhSpecialist.auth).send({ newDeadline: '2025-07-25', reason: 'Chờ ý kiến' }).expect(201);
    const stale = (await reminders.due(new Date('2025-07-16T08:00:00+07:00'))).find((r) => r.entityId === task.id)!;
    await t.http.post(`/api/v1/tasks/${task.id}/extension-requests/${ext.body.extensionRequests[0].id}/decide`).set(chairman.auth).send({ approve: true }).expect(200);
    // A job computed before the extension finds the deadline moved and does nothing.
    expect(await inCls(() => reminders.send(stale))).toBe('skipped');
    expect(await dueFor(task.id, '2025-07-16T08:00:00+07:00')).toEqual([]);
    expect(await dueFor(task.id, '2025-07-23T08:00:00+07:00')).toEqual(['due_soon 2025-07-25']);
    await t.http.post(`/api/v1/tasks/${task.id}/report-completion`).set(vhxhSpecialist.auth).send({ report: 'Xong' }).expect(200);
    expect(await dueFor(task.id, '2025-07-28T08:00:00+07:00')).toEqual([]);
  });

  it('sends a department task\'s reminders to the head and deputy heads', async () => {
    t.clock.set('2025-07-07T09:00:00+07:00');
    const task = await createTask(t, w.users.viceChairman, { title: 'Việc của phòng', deadline: '2025-07-09', assignee: { departmentId: w.departments.pvhcc.id } });
    expect(await sendAll(task.id, '2025-07-09T08:00:00+07:00')).toEqual(['sent']);
    const rows = (await t.ds.query(`SELECT user_id FROM notifications WHERE entity_id = $1 AND kind = 'reminder.due_today'`, [task.id])) as { user_id: string }[];
    expect(rows.map((r) => r.user_id)).toEqual([w.users.pvhccHead.id]);
  });

  it('reminds about incoming lines with a deadline too, naming the document', async () => {
    t.clock.set('2025-07-07T09:00:00+07:00');
    const { officeClerk, chairman, vhxhSpecialist } = w.users;
    const doc = await directedIncoming(t, { clerk: officeClerk, leader: chairman }, { lead: { userId: vhxhSpecialist.id }, deadline: '2025-07-09' },
      { summary: 'V/v báo cáo công tác dân số' });
    const line = doc.lines.find((l) => l.userId === vhxhSpecialist.id)!;
    const due = (await reminders.due(new Date('2025-07-10T08:00:00+07:00'))).filter((r) => r.entityId === line.id);
    expect(due).toEqual([expect.objectContaining({ entityType: 'incoming_line', kind: 'overdue', day: '2025-07-10' })]);
    t.clock.set('2025-07-10T08:00:00+07:00');
    expect(await inCls(() => reminders.send(due[0]))).toBe('sent');
    const rows = (await t.ds.query(
      `SELECT user_id, title, entity_type, entity_id FROM notifications WHERE kind = 'reminder.overdue' AND entity_id = $1 ORDER BY user_id`, [doc.id],
    )) as { user_id: string; title: string; entity_type: string }[];
    expect(rows.map((r) => r.user_id).sort()).toEqual([vhxhSpecialist.id, chairman.id].sort()); // the handler, and who assigned the line
    expect(rows[0]).toMatchObject({ title: 'Quá hạn 1 ngày: V/v báo cáo công tác dân số', entity_type: 'IncomingDocument' });
  });
});
