import { JobQueues } from '../../src/common/queue';
import { RemindersService } from '../../src/modules/notifications/reminders/reminders.service';
import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { BACKENDS, Backend, closeJobApp, createJobApp, forkWorker, waitFor, WorkerChild } from '../fixtures/jobs/job-test-helpers';
import type { TestApp } from '../setup/test-app';

/** Monday 14/07/2025 08:00 in Hồ Chí Minh City: the instant every scan in this file runs for. */
const SCAN_AT = '2025-07-14T08:00:00+07:00';

describe.each(BACKENDS)('worker processes on %s', (backend: Backend) => {
  let t: TestApp;
  let w: TanBinhWard;
  const children: WorkerChild[] = [];

  beforeAll(async () => {
    t = await createJobApp(backend);
    w = await createTanBinhWard(t);
  });
  afterAll(async () => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await closeJobApp(t);
  });

  const spawnWorker = (env: Record<string, string> = {}) => {
    const c = forkWorker(t, env);
    children.push(c);
    return c;
  };

  /** Tasks created on 01/07 whose deadlines need reminders on 14/07 (due soon, due today, overdue). */
  async function tasksNeedingReminders(prefix: string) {
    t.clock.set('2025-07-01T08:00:00+07:00');
    const { chairman, ktSpecialist, vhxhSpecialist } = w.users;
    for (const [i, deadline] of ['2025-07-16', '2025-07-15', '2025-07-14', '2025-07-10', '2025-07-11', '2025-07-16'].entries()) {
      await createTask(t, chairman, { title: `${prefix} ${i}`, deadline, assignee: { userId: i % 2 ? vhxhSpecialist.id : ktSpecialist.id } });
    }
    return t.app.get(RemindersService).due(new Date(SCAN_AT));
  }

  const scan = () => t.app.get(JobQueues).add('reminder.scan', { v: 1, orgId: null, at: new Date(SCAN_AT).toISOString() }, { jobId: `scan-${backend}-${Date.now()}` });

  it('sends each reminder exactly once with two workers, one of them killed (SIGKILL) in the middle of a reminder', async () => {
    const due = await tasksNeedingReminders(`Nhắc hạn ${backend}`);
    expect(due.map((d) => d.kind).sort()).toEqual(['due_soon', 'due_soon', 'due_soon', 'due_today', 'overdue', 'overdue']);
    // Overdue reminders go to the assignee and the assigner; the others to the assignee.
    const expectedNotifications = due.length + due.filter((d) => d.kind === 'overdue').length;

    const victim = spawnWorker({ REMINDER_SLOW_MS: '600000' });
    await victim.next('ready', 60_000);
    await scan();
    const inFlight = await victim.next('in-flight');
    // The reminder's rows are written but not committed; the process dies now.
    victim.proc.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const survivor = spawnWorker();
    await survivor.next('ready', 60_000);

    await waitFor('every reminder to be sent', async () => {
      const [{ n }] = (await t.ds.query(`SELECT count(*)::int AS n FROM reminders_sent WHERE organization_id = $1`, [w.org.id])) as { n: number }[];
      return n === due.length;
    }, 45_000, 200);
    const sent = (await t.ds.query(
      `SELECT entity_id, kind, day::text AS day FROM reminders_sent WHERE organization_id = $1 ORDER BY entity_id, kind`, [w.org.id],
    )) as { entity_id: string; kind: string; day: string }[];
    expect(sent.map((s) => `${s.entity_id}/${s.kind}/${s.day}`).sort()).toEqual(due.map((d) => `${d.entityId}/${d.kind}/${d.day}`).sort());
    // The reminder the killed worker held was not lost: the survivor recovered the stalled job.
    expect(sent.some((s) => s.entity_id === inFlight.job!.entityId && s.kind === inFlight.job!.kind)).toBe(true);
    const notes = (await t.ds.query(
      `SELECT user_id, entity_id, kind FROM notifications WHERE organization_id = $1 AND kind LIKE 'reminder.%'`, [w.org.id],
    )) as { user_id: string; entity_id: string; kind: string }[];
    expect(notes).toHaveLength(expectedNotifications);
    expect(new Set(notes.map((n) => `${n.user_id}/${n.entity_id}/${n.kind}`)).size).toBe(expectedNotifications);

    // A second scan of the same instant (a restarted backend, a scheduler firing twice) adds nothing.
    await scan();
    await waitFor('the second scan to finish', async () =>
      (await t.app.get(JobQueues).get('maintenance').getJobCounts('waiting', 'active', 'delayed')).waiting === 0
      && (await t.app.get(JobQueues).get('notifications').getJobCounts('waiting', 'active')).active === 0, 15_000);
    const [{ n }] = (await t.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE organization_id = $1 AND kind LIKE 'reminder.%'`, [w.org.id])) as { n: number }[];
    expect(n).toBe(expectedNotifications);
    survivor.proc.kill('SIGTERM');
    expect((await survivor.exited).code).toBe(0);
  });

  it('lets a worker stopped with SIGTERM finish the reminder it is processing before it exits', async () => {
    t.clock.set('2025-07-01T08:00:00+07:00');
    const task = await createTask(t, w.users.chairman, { title: `Dừng êm ${backend}`, deadline: '2025-07-14', assignee: { userId: w.users.pvhccHead.id } });
    const worker = spawnWorker({ REMINDER_SLOW_MS: '1500' });
    await worker.next('ready', 60_000);
    await scan();
    const inFlight = await worker.next('in-flight');
    expect(inFlight.job).toMatchObject({ entityId: task.id, kind: 'due_today' });
    worker.proc.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    const order = worker.messages.map((m) => m.type).filter((m) => m !== 'ready');
    expect(order.slice(order.indexOf('stopping'))).toEqual(['stopping', 'finishing', 'stopped']);
    const rows = (await t.ds.query(`SELECT kind FROM reminders_sent WHERE entity_id = $1`, [task.id])) as { kind: string }[];
    expect(rows).toEqual([{ kind: 'due_today' }]);
    expect(await t.ds.query(`SELECT title FROM notifications WHERE entity_id = $1 AND kind = 'reminder.due_today'`, [task.id]))
      .toEqual([{ title: `Hôm nay đến hạn: Dừng êm ${backend}` }]);
  });
});
