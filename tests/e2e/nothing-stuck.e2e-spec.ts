import { WorkflowEvents, type WorkflowEvent } from '../../src/modules/routing/workflow-events';
import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { signedDocument } from '../factories/outgoing.factory';
import { createTanBinhWard, createUser, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { fullWorklist, key } from '../support/worklist';

const IN = '/api/v1/incoming-documents';

describe('nothing gets stuck: every open item is in some active person\'s worklist (issue 10)', () => {
  let t: TestApp;
  const events: WorkflowEvent[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T03:00:00Z'); // Monday 10:00 in Tân Bình
    t.app.get(WorkflowEvents).register({ handle: async (e) => { events.push(e); } });
  });
  afterAll(() => t.close());

  const readiness = async (w: TanBinhWard) => (await t.http.get('/api/v1/organization/readiness').set(w.users.admin.auth).expect(200)).body;

  it('seed 004: a Thông báo issued to Phòng Văn hóa - Xã hội (no clerk) lands with its head, who registers it and presents it; nothing is stuck', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    const out = await signedDocument(t, u.officeClerk, u.chiefOfOffice, u.chiefOfOffice, {
      documentType: 'THONG_BAO', departmentId: w.departments.office.id, summary: 'Thông báo lịch tiếp công dân tháng 7',
      recipients: [{ type: 'department', departmentId: w.departments.vhxh.id }],
    }, 'TL');
    const issued = await t.http.post(`/api/v1/outgoing-documents/${out.id}/issue`).set(u.officeClerk.auth).send({}).expect(200);
    const incomingId = issued.body.recipients[0].incomingDocumentId as string;
    expect(events).toContainEqual(expect.objectContaining({ type: 'incoming.delivered', documentId: incomingId, recipientUserIds: [u.vhxhHead.id] }));

    const waiting = (await fullWorklist(t, u.vhxhHead)).find((i) => i.id === incomingId);
    expect(waiting).toMatchObject({ kind: 'incoming', action: 'register', actionLabel: 'Vào sổ', reference: issued.body.symbol, deadline: '2025-07-08' });
    expect((await fullWorklist(t, u.officeClerk)).map((i) => i.id)).not.toContain(incomingId);

    const registered = await t.http.post(`${IN}/${incomingId}/register`).set(u.vhxhHead.auth).send({}).expect(200);
    expect(registered.body).toMatchObject({ status: 'registered', arrivalNumber: 1, departmentId: w.departments.vhxh.id });
    const entry = registered.body.history.find((h: { action: string }) => h.action === 'registered');
    expect(entry).toMatchObject({ actorUserId: u.vhxhHead.id, actorName: 'Hoàng Thị Hóa', actorPosition: 'Trưởng phòng Văn hóa - Xã hội',
      data: expect.objectContaining({ registeredAs: 'department_head' }) });

    // Registered, not yet presented: it waits with the one who registered it, due the next working day.
    const toPresent = (await fullWorklist(t, u.vhxhHead)).find((i) => i.id === incomingId);
    expect(toPresent).toMatchObject({ action: 'submit', actionLabel: 'Trình lãnh đạo', reference: 'Số đến 1', deadline: '2025-07-08' });
    expect((await readiness(w)).stuckItems).toEqual([]);

    await t.http.post(`${IN}/${incomingId}/submit`).set(u.vhxhHead.auth).send({ leaderId: u.chairman.id }).expect(200);
    const toDirect = (await fullWorklist(t, u.chairman)).find((i) => i.id === incomingId);
    expect(toDirect).toMatchObject({ action: 'direct', actionLabel: 'Chỉ đạo xử lý', from: 'Hoàng Thị Hóa', fromPosition: 'Trưởng phòng Văn hóa - Xã hội' });
    expect((await readiness(w)).stuckItems).toEqual([]);
  });

  it('a disabled office clerk: the documents they registered fall to the Chánh Văn phòng, readiness names them, and the chief can present them', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    const doc = await registerIncoming(t, u.officeClerk, { summary: 'V/v kiểm tra an toàn thực phẩm' });
    await t.http.patch(`/api/v1/users/${u.officeClerk.id}`).set(u.admin.auth).send({ disabled: true }).expect(200);

    const stuck = (await readiness(w)).stuckItems;
    expect(stuck).toEqual([expect.objectContaining({ kind: 'incoming', id: doc.id, title: 'V/v kiểm tra an toàn thực phẩm', heldBy: 'chief_of_office' })]);
    expect(stuck[0].reason).toMatch(/Người vào sổ đã bị khóa/);
    expect(stuck[0].reason).toMatch(/Chánh Văn phòng/);
    const held = (await fullWorklist(t, u.chiefOfOffice)).find((i) => i.id === doc.id);
    expect(held).toMatchObject({ action: 'submit', actionLabel: 'Trình lãnh đạo' });
    await t.http.post(`${IN}/${doc.id}/submit`).set(u.chiefOfOffice.auth).send({ leaderId: u.viceChairman.id }).expect(200);
    expect((await readiness(w)).stuckItems).toEqual([]);
  });

  it('"để biết" lines are closed with one "Đã xem" and never assigned; coordinating lines leave every worklist when the document completes', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    const doc = await directedIncoming(t, { clerk: u.officeClerk, leader: u.chairman }, {
      lead: { departmentId: w.departments.kt.id }, coordinators: [{ departmentId: w.departments.pvhcc.id }], informed: [{ departmentId: w.departments.vhxh.id }],
    });
    const line = (role: string) => doc.lines.find((l) => l.role === role) as { id: string };
    const inform = (await fullWorklist(t, u.vhxhHead)).find((i) => i.lineId === line('inform').id);
    expect(inform).toMatchObject({ action: 'acknowledge', actionLabel: 'Đã xem', role: 'inform', from: 'Nguyễn Thị Phượng' });

    const assign = await t.http.post(`${IN}/${doc.id}/lines/${line('inform').id}/assign`).set(u.vhxhHead.auth).send({ userId: u.vhxhSpecialist.id });
    expect(assign.status).toBe(422);
    expect(assign.body.error.message).toMatch(/Đã xem/);
    const seen = await t.http.post(`${IN}/${doc.id}/lines/${line('inform').id}/acknowledge`).set(u.vhxhHead.auth).send({}).expect(200);
    expect(seen.body.lines.find((l: { id: string }) => l.id === line('inform').id)).toMatchObject({ status: 'completed', result: 'Đã xem' });
    expect((await fullWorklist(t, u.vhxhHead)).map((i) => i.lineId)).not.toContain(line('inform').id);
    const again = await t.http.post(`${IN}/${doc.id}/lines/${line('inform').id}/acknowledge`).set(u.vhxhHead.auth).send({});
    expect(again.status).toBe(409);
    const notInform = await t.http.post(`${IN}/${doc.id}/lines/${line('lead').id}/acknowledge`).set(u.ktClerk.auth).send({});
    expect(notInform.status).toBe(422);

    expect((await fullWorklist(t, u.pvhccClerk)).map((i) => i.lineId)).toContain(line('coordinate').id);
    await t.http.post(`${IN}/${doc.id}/lines/${line('lead').id}/complete`).set(u.ktClerk.auth).send({ result: 'Đã trả lời Sở.' }).expect(200);
    expect((await fullWorklist(t, u.pvhccClerk)).map((i) => i.id)).not.toContain(doc.id);
    const after = (await t.http.get(`${IN}/${doc.id}`).set(u.officeClerk.auth).expect(200)).body;
    expect(after.status).toBe('completed');
    expect(after.lines.filter((l: { status: string }) => l.status === 'pending' || l.status === 'in_progress')).toEqual([]);
  });

  it('heads see their department\'s open lines after the clerk received and assigned them, and reassign a handler; lines carry names', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    const other = await createUser(t, w.org, { roles: [{ role: 'specialist', departmentId: w.departments.kt.id }], fullName: 'Trịnh Văn Mới', positionTitle: 'Chuyên viên' });
    const doc = await directedIncoming(t, { clerk: u.officeClerk, leader: u.chairman }, { lead: { departmentId: w.departments.kt.id }, deadline: '2025-07-20' });
    const lead = doc.lines[0];
    await t.http.post(`${IN}/${doc.id}/lines/${lead.id}/receive`).set(u.ktClerk.auth).expect(200);
    const assigned = await t.http.post(`${IN}/${doc.id}/lines/${lead.id}/assign`).set(u.ktClerk.auth).send({ userId: u.ktSpecialist.id }).expect(200);
    const child = assigned.body.lines.find((l: { parentLineId: string | null }) => l.parentLineId === lead.id);
    expect(child).toMatchObject({ userName: 'Bùi Quốc Đạt', assignedByName: 'Đặng Thu Hà', departmentName: 'Phòng Kinh tế - Hạ tầng và Đô thị' });
    expect((await fullWorklist(t, u.ktHead)).map((i) => i.id)).not.toContain(doc.id);
    const dept = await fullWorklist(t, u.ktHead, '&scope=department');
    expect(dept).toEqual([expect.objectContaining({ id: doc.id, lineId: child.id, action: 'receive', role: 'lead', deadline: '2025-07-20', from: 'Đặng Thu Hà' })]);
    expect((await t.http.get('/api/v1/worklist?scope=department').set(u.ktSpecialist.auth)).status).toBe(403);

    const moved = await t.http.post(`${IN}/${doc.id}/lines/${child.id}/reassign`).set(u.ktHead.auth).send({ userId: other.id, note: 'Anh Đạt đi công tác' }).expect(200);
    const fresh = moved.body.lines.find((l: { userId: string; status: string }) => l.userId === other.id);
    expect(fresh).toMatchObject({ status: 'pending', parentLineId: lead.id, assignedByName: 'Võ Minh Kinh' });
    expect(moved.body.lines.find((l: { id: string }) => l.id === child.id)).toMatchObject({ status: 'returned' });
    expect((await fullWorklist(t, u.ktSpecialist)).map((i) => i.id)).not.toContain(doc.id);
    expect((await fullWorklist(t, other)).find((i) => i.id === doc.id)).toMatchObject({ action: 'receive', from: 'Võ Minh Kinh' });
    const outsider = await t.http.post(`${IN}/${doc.id}/lines/${fresh.id}/reassign`).set(u.ktHead.auth).send({ userId: u.vhxhSpecialist.id });
    expect(outsider.status).toBe(422);
    expect(moved.body.history.map((h: { actorName: string }) => h.actorName)).toEqual(expect.arrayContaining(['Trần Thị Văn Thư', 'Nguyễn Thị Phượng', 'Đặng Thu Hà', 'Võ Minh Kinh']));
  });

  it('a department clerk registers into the department register and presents it to their own head, who directs it', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    const doc = await registerIncoming(t, u.ktClerk, { summary: 'V/v cấp phép xây dựng' });
    await t.http.post(`${IN}/${doc.id}/submit`).set(u.ktClerk.auth).send({ leaderId: u.vhxhHead.id }).expect(422);
    await t.http.post(`${IN}/${doc.id}/submit`).set(u.ktClerk.auth).send({ leaderId: u.ktHead.id }).expect(200);
    expect(events).toContainEqual(expect.objectContaining({ type: 'incoming.presented', documentId: doc.id, toUserId: u.ktHead.id }));
    expect((await fullWorklist(t, u.ktHead)).find((i) => i.id === doc.id)).toMatchObject({ action: 'direct', from: 'Đặng Thu Hà' });
    // Another department's head was not presented it: refused (403, as for anyone without the power to direct).
    await t.http.post(`${IN}/${doc.id}/direct`).set(u.vhxhHead.auth).send({ lead: { userId: u.ktSpecialist.id }, instruction: 'Xử lý' }).expect(403);
    const directed = await t.http.post(`${IN}/${doc.id}/direct`).set(u.ktHead.auth).send({ lead: { userId: u.ktSpecialist.id }, instruction: 'Anh Đạt xử lý' }).expect(200);
    expect(directed.body.status).toBe('in_progress');
    expect((await fullWorklist(t, u.ktSpecialist)).find((i) => i.id === doc.id)).toMatchObject({ action: 'receive', from: 'Võ Minh Kinh', role: 'lead' });
  });

  it('Hỏa tốc: flagged, due the same day, first in the list, and the leaders are told at once', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    await registerIncoming(t, u.officeClerk, { summary: 'Văn bản thường' });
    const flash = await registerIncoming(t, u.officeClerk, { summary: 'Giấy mời họp khẩn', urgency: 'flash' });
    const items = await fullWorklist(t, u.officeClerk);
    expect(items[0]).toMatchObject({ id: flash.id, action: 'submit', flagged: true, urgency: 'flash', deadline: '2025-07-07' });
    expect(items[1]).toMatchObject({ flagged: false, deadline: '2025-07-08' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'incoming.urgent_registered', documentId: flash.id,
      leaderUserIds: expect.arrayContaining([u.chairman.id, u.viceChairman.id]) }));
  });

  it('worklist pages in order without repeats or gaps, counts ignore the kind filter, and a bad cursor is a 400 in Vietnamese', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    for (let i = 0; i < 7; i += 1) {
      await directedIncoming(t, { clerk: u.officeClerk, leader: u.chairman }, { lead: { departmentId: w.departments.kt.id }, deadline: `2025-07-${10 + (i % 3)}` },
        { urgency: i === 5 ? 'urgent' : 'normal' });
    }
    const task = await t.http.post('/api/v1/tasks').set(u.chairman.auth)
      .send({ title: 'Rà soát hồ sơ', assignee: { userId: u.ktClerk.id }, deadline: '2025-07-08' });
    expect(task.status).toBe(201);
    t.clock.set('2025-07-09T03:00:00Z'); // the task is now overdue, the lines (due 10–12 July) are not
    const inbox = (await t.http.get('/api/v1/inbox').set(u.ktClerk.auth).expect(200)).body as { kind: string; id: string; lineId: string | null }[];
    const paged = await fullWorklist(t, u.ktClerk, '', 3);
    expect(paged.map(key)).toEqual(inbox.map(key));
    expect(new Set(paged.map(key)).size).toBe(8);
    expect(paged[0]).toMatchObject({ urgency: 'urgent' });
    expect(paged[1]).toMatchObject({ kind: 'task', overdue: true, actionLabel: 'Hoàn thành', from: 'Nguyễn Thị Phượng' });

    const first = (await t.http.get('/api/v1/worklist?kind=task&limit=3').set(u.ktClerk.auth).expect(200)).body;
    expect(first.items.map((i: { kind: string }) => i.kind)).toEqual(['task']);
    expect(first.counts).toEqual({ incoming: 7, outgoing: 0, task: 1, overdue: 1, total: 8 });
    expect(first.nextCursor).toBeNull();
    const bad = await t.http.get('/api/v1/worklist?cursor=not-a-cursor').set(u.ktClerk.auth).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'cursor' })] });
    await t.http.get('/api/v1/worklist?limit=0').set(u.ktClerk.auth).expect(400);
    await t.http.get('/api/v1/worklist?kind=letters').set(u.ktClerk.auth).expect(400);
    t.clock.set('2025-07-07T03:00:00Z');
  });

  it('per-department statistics equal the counts computed here from the same lines; the ward says which figures overlap', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users;
    const d = w.departments;
    const direct = (lead: object, extra: object = {}, deadline?: string) =>
      directedIncoming(t, { clerk: u.officeClerk, leader: u.chairman }, { lead, ...extra, ...(deadline ? { deadline } : {}) });
    const doc1 = await direct({ departmentId: d.kt.id }, { coordinators: [{ departmentId: d.vhxh.id }] }, '2025-07-10');
    const doc2 = await direct({ departmentId: d.vhxh.id }, { coordinators: [{ departmentId: d.kt.id }] }, '2025-07-09');
    const doc3 = await direct({ departmentId: d.pvhcc.id });
    const doc4 = await direct({ departmentId: d.kt.id }, { informed: [{ departmentId: d.office.id }] }, '2025-07-08');
    await registerIncoming(t, u.officeClerk, { summary: 'Chưa trình' }); // registered, never directed
    await direct({ userId: u.ktSpecialist.id }); // led by a person, not a department
    // Lines made by one direction share its instant, so their order is not the role order: pick the lead by role.
    const leadOf = (doc: typeof doc1) => (doc.lines.find((l) => l.role === 'lead') as { id: string }).id;
    t.clock.set('2025-07-08T03:00:00Z');
    await t.http.post(`${IN}/${doc1.id}/lines/${leadOf(doc1)}/complete`).set(u.ktClerk.auth).send({ result: 'Xong' }).expect(200);
    t.clock.set('2025-07-09T03:00:00Z');
    await t.http.post(`${IN}/${doc4.id}/lines/${leadOf(doc4)}/complete`).set(u.ktClerk.auth).send({ result: 'Xong, trễ' }).expect(200);
    t.clock.set('2025-07-15T03:00:00Z');

    const report = (await t.http.get('/api/v1/reports/summary?from=2025-07-01&to=2025-07-31&groupBy=department').set(u.chairman.auth).expect(200)).body;
    // Independently: every top-level line of the ward's documents, as the API shows them.
    const lines: { departmentId: string | null; role: string; status: string; deadline: string | null; completedAt: string | null; parentLineId: string | null }[] = [];
    for (const doc of [doc1, doc2, doc3, doc4]) lines.push(...(await t.http.get(`${IN}/${doc.id}`).set(u.chairman.auth).expect(200)).body.lines);
    const expectFor = (dept: string, role: string) => {
      const mine = lines.filter((l) => l.departmentId === dept && l.role === role && !l.parentLineId);
      const done = mine.filter((l) => l.status === 'completed');
      const onTime = done.filter((l) => l.deadline && (l.completedAt as string).slice(0, 10) <= l.deadline);
      return {
        received: mine.length, completed: done.length, inProgress: mine.filter((l) => ['pending', 'in_progress'].includes(l.status)).length,
        // Overdue now: past its deadline and still open (a late completion counts against the on-time rate instead).
        overdue: mine.filter((l) => l.deadline && l.deadline < '2025-07-15' && ['pending', 'in_progress'].includes(l.status)).length,
        completedOnTime: onTime.length,
      };
    };
    for (const dept of [d.office, d.kt, d.vhxh, d.pvhcc]) {
      const row = report.byDepartment.find((r: { departmentId: string }) => r.departmentId === dept.id);
      expect({ dept: dept.name, ...row.incoming, onTimeRate: undefined }).toEqual({ dept: dept.name, ...expectFor(dept.id, 'lead'), onTimeRate: undefined });
      expect({ dept: dept.name, ...row.incomingCoordinate, onTimeRate: undefined }).toEqual({ dept: dept.name, ...expectFor(dept.id, 'coordinate'), onTimeRate: undefined });
    }
    expect(report.byDepartment.find((r: { departmentId: string }) => r.departmentId === d.kt.id).incoming).toMatchObject({ received: 2, completed: 2, completedOnTime: 1, onTimeRate: 0.5 });
    // The ward: completed adds up; in progress counts only directed documents (the person-led one is in no department).
    expect(report.incoming).toMatchObject({ received: 6, completed: 2, inProgress: 3, notDirected: 1 });
    expect(report.departmentTotals).toMatchObject({ completed: 2, inProgress: 2 });
    expect(report.overlaps.length).toBeGreaterThanOrEqual(3);
    t.clock.set('2025-07-07T03:00:00Z');
  });
});
