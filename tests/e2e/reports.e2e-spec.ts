import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

describe('reports summary', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    const { chairman, ktSpecialist } = w.users;
    // July 2025 in Phòng Kinh tế: six tasks; five accepted, four of them on or before the deadline day; one still open.
    const plan: { deadline: string; acceptAt: string | null }[] = [
      { deadline: '2025-07-10', acceptAt: '2025-07-09T10:00:00+07:00' },
      { deadline: '2025-07-10', acceptAt: '2025-07-10T23:59:00+07:00' }, // the deadline day itself counts as on time
      { deadline: '2025-07-15', acceptAt: '2025-07-14T10:00:00+07:00' },
      { deadline: '2025-07-20', acceptAt: '2025-07-18T10:00:00+07:00' },
      { deadline: '2025-07-10', acceptAt: '2025-07-11T00:00:10+07:00' }, // late by ten seconds, local time
      { deadline: '2025-07-12', acceptAt: null },
    ];
    const ids: string[] = [];
    t.clock.set('2025-07-01T08:00:00+07:00');
    for (const p of plan) ids.push((await createTask(t, chairman, { assignee: { userId: ktSpecialist.id }, deadline: p.deadline })).id);
    for (const [i, p] of plan.entries()) {
      if (!p.acceptAt) continue;
      t.clock.set(new Date(new Date(p.acceptAt).getTime() - 60_000));
      await t.http.post(`/api/v1/tasks/${ids[i]}/report-completion`).set(ktSpecialist.auth).send({ report: 'Xong' }).expect(200);
      t.clock.set(p.acceptAt);
      await t.http.post(`/api/v1/tasks/${ids[i]}/accept`).set(chairman.auth).expect(200);
    }
    t.clock.set('2025-08-05T09:00:00+07:00');
  });
  afterAll(() => t.close());

  const summary = (who: { auth: object }, q: string) => t.http.get(`/api/v1/reports/summary?${q}`).set(who.auth as Record<string, string>);

  it('computes the on-time rate exactly: 5 done, 4 on time → 0.8', async () => {
    const res = await summary(w.users.chairman, 'from=2025-07-01&to=2025-07-31').expect(200);
    expect(res.body.tasks).toEqual({ assigned: 6, done: 5, doneOnTime: 4, overdue: 1, onTimeRate: 0.8 });
    expect(res.body.incoming).toEqual({ received: 0, completed: 0, inProgress: 0, notDirected: 0, overdue: 0, completedOnTime: 0, onTimeRate: null });
    expect(res.body.outgoing).toEqual({ issued: 0, byType: {} });
  });

  it('gives null, not 0, when nothing with a deadline was done in the period', async () => {
    const res = await summary(w.users.chairman, 'from=2025-06-01&to=2025-06-30').expect(200);
    expect(res.body.tasks).toEqual({ assigned: 0, done: 0, doneOnTime: 0, overdue: 0, onTimeRate: null });
  });

  it('lets a head see their own department only, and groups by department for leaders', async () => {
    const own = await summary(w.users.ktHead, 'from=2025-07-01&to=2025-07-31').expect(200);
    expect(own.body).toMatchObject({ departmentId: w.departments.kt.id, tasks: { done: 5, onTimeRate: 0.8 } });
    await summary(w.users.vhxhHead, `from=2025-07-01&to=2025-07-31&departmentId=${w.departments.kt.id}`).expect(403);
    await summary(w.users.ktSpecialist, 'from=2025-07-01&to=2025-07-31').expect(403);
    const grouped = await summary(w.users.admin, 'from=2025-07-01&to=2025-07-31&groupBy=department').expect(200);
    const byId = Object.fromEntries(grouped.body.byDepartment.map((d: { departmentId: string }) => [d.departmentId, d]));
    expect(byId[w.departments.kt.id].tasks).toEqual({ assigned: 6, done: 5, doneOnTime: 4, overdue: 1, onTimeRate: 0.8 });
    expect(byId[w.departments.vhxh.id].tasks.onTimeRate).toBeNull();
    expect(grouped.body.byDepartment).toHaveLength(4);
  });

  it('counts overdue as of now while the period is running', async () => {
    t.clock.set('2025-07-12T09:00:00+07:00');
    // On 12/07 the open task (deadline 12/07) is not yet overdue; the late one was already accepted on 11/07.
    const res = await summary(w.users.chairman, 'from=2025-07-01&to=2025-07-31').expect(200);
    expect(res.body.tasks.overdue).toBe(0);
    t.clock.set('2025-07-13T00:00:01+07:00');
    expect((await summary(w.users.chairman, 'from=2025-07-01&to=2025-07-31').expect(200)).body.tasks.overdue).toBe(1);
    t.clock.set('2025-08-05T09:00:00+07:00');
  });

  it('rejects a period that ends before it starts', async () => {
    await summary(w.users.chairman, 'from=2025-07-31&to=2025-07-01').expect(400);
  });
});
