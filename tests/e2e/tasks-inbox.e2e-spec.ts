import { directedIncoming } from '../factories/incoming.factory';
import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

interface InboxItem { kind: string; id: string; title: string; action: string; deadline: string | null; urgency: string; overdue: boolean }

describe('inbox with tasks', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  it('orders what waits for the caller: flash before normal, overdue before due, nearest deadline first — across task actions', async () => {
    const { chairman, ktHead, ktSpecialist } = w.users;
    t.clock.set('2025-07-01T09:00:00+07:00');
    const make = (title: string, deadline: string, priority = 'normal', assignee: { userId?: string; departmentId?: string } = { userId: ktSpecialist.id }) =>
      createTask(t, chairman, { title, deadline, priority, assignee });
    const later = await make('Thường, hạn xa', '2025-07-30');
    const soon = await make('Thường, hạn gần', '2025-07-10');
    const overdue = await make('Thường, quá hạn', '2025-07-03');
    const flash = await make('Hỏa tốc, hạn xa', '2025-07-31', 'flash');
    const urgent = await make('Khẩn', '2025-07-29', 'urgent');
    const department = await make('Giao cả phòng', '2025-07-05', 'normal', { departmentId: w.departments.kt.id });
    // Work waiting for the chairman as assigner: a completion report to accept and an extension request to decide.
    const toAccept = await make('Chờ nghiệm thu', '2025-07-08');
    const toDecide = await make('Chờ quyết định gia hạn', '2025-07-04');
    await t.http.post(`/api/v1/tasks/${toAccept.id}/report-completion`).set(ktSpecialist.auth).send({ report: 'Xong' }).expect(200);
    await t.http.post(`/api/v1/tasks/${toDecide.id}/extension-requests`).set(ktSpecialist.auth).send({ newDeadline: '2025-07-20', reason: 'Chờ số liệu' }).expect(201);

    t.clock.set('2025-07-06T09:00:00+07:00');
    const specialist = (await t.http.get('/api/v1/inbox').set(ktSpecialist.auth).expect(200)).body as InboxItem[];
    expect(specialist.map((i) => i.title)).toEqual([
      'Hỏa tốc, hạn xa', 'Khẩn', 'Thường, quá hạn', 'Chờ quyết định gia hạn', 'Thường, hạn gần', 'Thường, hạn xa',
    ]);
    expect(specialist.find((i) => i.id === overdue.id)).toMatchObject({ kind: 'task', action: 'handle', overdue: true, urgency: 'normal', deadline: '2025-07-03' });
    expect(specialist.find((i) => i.id === flash.id)).toMatchObject({ urgency: 'flash', overdue: false });
    expect([later.id, soon.id, urgent.id].every((id) => specialist.some((i) => i.id === id))).toBe(true);

    const head = (await t.http.get('/api/v1/inbox').set(ktHead.auth).expect(200)).body as InboxItem[];
    expect(head).toEqual([expect.objectContaining({ id: department.id, action: 'handle', overdue: true })]);

    const leader = (await t.http.get('/api/v1/inbox').set(chairman.auth).expect(200)).body as InboxItem[];
    expect(leader.map((i) => [i.title, i.action])).toEqual([
      ['Chờ quyết định gia hạn', 'decide_extension'], ['Chờ nghiệm thu', 'accept'],
    ]);
    expect(leader[0]).toMatchObject({ overdue: true });
  });

  it('merges tasks with incoming documents in one order: flash first, then overdue, then the nearest deadline', async () => {
    const { chairman, officeClerk, ktClerk, ktHead } = w.users;
    t.clock.set('2025-07-01T09:00:00+07:00');
    const handler = ktClerk; // a person who receives both kinds
    const direct = (summary: string, urgency: string, deadline: string) =>
      directedIncoming(t, { clerk: officeClerk, leader: chairman }, { lead: { userId: handler.id }, deadline }, { summary, urgency });
    const flashDoc = await direct('Văn bản hỏa tốc', 'flash', '2025-07-20');
    const flashTask = await createTask(t, ktHead, { title: 'Nhiệm vụ hỏa tốc', deadline: '2025-07-15', priority: 'flash', assignee: { userId: handler.id } });
    const lateDoc = await direct('Văn bản quá hạn', 'normal', '2025-07-04');
    const dueTask = await createTask(t, ktHead, { title: 'Nhiệm vụ hạn gần', deadline: '2025-07-10', assignee: { userId: handler.id } });
    const laterDoc = await direct('Văn bản hạn xa', 'normal', '2025-07-25');
    t.clock.set('2025-07-06T09:00:00+07:00');
    const items = (await t.http.get('/api/v1/inbox').set(handler.auth).expect(200)).body as InboxItem[];
    const mine = items.filter((i) => [flashDoc.id, flashTask.id, lateDoc.id, dueTask.id, laterDoc.id].includes(i.id));
    expect(mine.map((i) => `${i.kind}:${i.title}`)).toEqual([
      'task:Nhiệm vụ hỏa tốc', 'incoming:Văn bản hỏa tốc', 'incoming:Văn bản quá hạn', 'task:Nhiệm vụ hạn gần', 'incoming:Văn bản hạn xa',
    ]);
    expect(mine[2]).toMatchObject({ overdue: true, urgency: 'normal' });
  });
});
