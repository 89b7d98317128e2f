import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

type InboxItem = { kind: string; id: string; lineId?: string | null; action: string; deadline: string | null; urgency: string; overdue: boolean };

describe('incoming documents: the seed-004 path from registration to completion', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  beforeEach(() => t.clock.set('2025-07-07T09:00:00+07:00'));
  afterAll(() => t.close());

  const inbox = async (user: { auth: Record<string, string> }) =>
    ((await t.http.get('/api/v1/inbox').set(user.auth).expect(200)).body as InboxItem[]).filter((i) => i.kind === 'incoming');

  it('office clerk registers, the Chủ tịch directs to Kinh tế (lead) and VHXH (coordinate), KT clerk and VHXH head get it, a handler completes it', async () => {
    const { users, departments } = w;
    // The Office clerk registers a công văn from Sở Nội vụ into the agency register.
    const created = await t.http.post('/api/v1/incoming-documents').set(users.officeClerk.auth).send({
      channel: 'paper', issuerName: 'Sở Nội vụ Thành phố Hồ Chí Minh', symbol: '2047/SNV-TCBC', documentType: 'CONG_VAN',
      documentDate: '2025-07-04', summary: 'V/v báo cáo tình hình vận hành chính quyền hai cấp', urgency: 'urgent', confidentiality: 'normal',
    }).expect(201);
    expect(created.body).toMatchObject({ arrivalNumber: 1, arrivalDate: '2025-07-07', status: 'registered', departmentId: null });
    const id = created.body.id as string;

    // Presented to the Chủ tịch: it waits for her direction.
    await t.http.post(`/api/v1/incoming-documents/${id}/submit`).set(users.officeClerk.auth).send({ leaderId: users.chairman.id }).expect(200);
    expect(await inbox(users.chairman)).toEqual([expect.objectContaining({ id, action: 'direct', urgency: 'urgent' })]);

    const directed = await t.http.post(`/api/v1/incoming-documents/${id}/direct`).set(users.chairman.auth).send({
      lead: { departmentId: departments.kt.id }, coordinators: [{ departmentId: departments.vhxh.id }],
      deadline: '2025-07-15', instruction: 'Giao Phòng Kinh tế chủ trì, Phòng Văn hóa - Xã hội phối hợp tham mưu báo cáo.',
    }).expect(200);
    expect(directed.body.status).toBe('in_progress');
    const lead = directed.body.lines.find((l: { role: string }) => l.role === 'lead');
    const coord = directed.body.lines.find((l: { role: string }) => l.role === 'coordinate');
    expect(lead).toMatchObject({ departmentId: departments.kt.id, handledBy: 'clerks', status: 'pending', deadline: '2025-07-15' });
    // Phòng Văn hóa - Xã hội has no clerk: its line lands with its head, and readiness names the department.
    expect(coord).toMatchObject({ departmentId: departments.vhxh.id, handledBy: 'head', status: 'pending' });
    const readiness = await t.http.get('/api/v1/organization/readiness').set(users.admin.auth).expect(200);
    expect(readiness.body.departmentsWithoutClerk.map((d: { name: string }) => d.name)).toEqual(['Phòng Văn hóa - Xã hội']);
    expect(await inbox(users.chairman)).toEqual([]);

    // The KT clerk gets it; the KT head does not, until it is handed on.
    expect(await inbox(users.ktClerk)).toEqual([expect.objectContaining({ id, lineId: lead.id, action: 'receive', deadline: '2025-07-15', overdue: false })]);
    expect(await inbox(users.ktHead)).toEqual([]);
    expect(await inbox(users.vhxhHead)).toEqual([expect.objectContaining({ id, lineId: coord.id, action: 'receive' })]);
    expect(await inbox(users.vhxhSpecialist)).toEqual([]);
    // The head may see the document (routed to the department) but not take in the clerks' line.
    await t.http.get(`/api/v1/incoming-documents/${id}`).set(users.ktHead.auth).expect(200);
    expect((await t.http.post(`/api/v1/incoming-documents/${id}/lines/${lead.id}/receive`).set(users.ktHead.auth).send({}).expect(403)).body.error.code).toBe('FORBIDDEN');

    await t.http.post(`/api/v1/incoming-documents/${id}/lines/${lead.id}/receive`).set(users.ktClerk.auth).send({}).expect(200);
    expect(await inbox(users.ktClerk)).toEqual([expect.objectContaining({ lineId: lead.id, action: 'assign' })]);
    // Handed on to the head, who assigns a specialist.
    const toHead = await t.http.post(`/api/v1/incoming-documents/${id}/lines/${lead.id}/assign`).set(users.ktClerk.auth)
      .send({ userId: users.ktHead.id, note: 'Kính chuyển Trưởng phòng phân công.' }).expect(200);
    const headLine = toHead.body.lines.find((l: { userId: string | null }) => l.userId === users.ktHead.id);
    expect(headLine).toMatchObject({ parentLineId: lead.id, role: 'lead', status: 'pending', deadline: '2025-07-15' });
    expect(toHead.body.lines.find((l: { id: string }) => l.id === lead.id).status).toBe('in_progress');
    expect(await inbox(users.ktClerk)).toEqual([]);
    expect(await inbox(users.ktHead)).toEqual([expect.objectContaining({ id, lineId: headLine.id, action: 'receive' })]);
    await t.http.post(`/api/v1/incoming-documents/${id}/lines/${headLine.id}/receive`).set(users.ktHead.auth).send({}).expect(200);
    const toSpecialist = await t.http.post(`/api/v1/incoming-documents/${id}/lines/${headLine.id}/assign`).set(users.ktHead.auth)
      .send({ userId: users.ktSpecialist.id, deadline: '2025-07-12' }).expect(200);
    const handlerLine = toSpecialist.body.lines.find((l: { userId: string | null }) => l.userId === users.ktSpecialist.id);
    expect(await inbox(users.ktSpecialist)).toEqual([expect.objectContaining({ id, lineId: handlerLine.id, deadline: '2025-07-12' })]);
    // A handler sees the document because they hold a line.
    await t.http.get(`/api/v1/incoming-documents/${id}`).set(users.ktSpecialist.auth).expect(200);

    // The coordinating department works in parallel; its completion does not complete the document.
    await t.http.post(`/api/v1/incoming-documents/${id}/lines/${coord.id}/receive`).set(users.vhxhHead.auth).send({}).expect(200);
    const coordDone = await t.http.post(`/api/v1/incoming-documents/${id}/lines/${coord.id}/complete`).set(users.vhxhHead.auth)
      .send({ result: 'Đã gửi số liệu phối hợp.' }).expect(200);
    expect(coordDone.body.status).toBe('in_progress');

    // The handler completes: the lead chain completes and so does the document.
    t.clock.set('2025-07-10T15:00:00+07:00');
    const done = await t.http.post(`/api/v1/incoming-documents/${id}/lines/${handlerLine.id}/complete`).set(users.ktSpecialist.auth)
      .send({ result: 'Đã tham mưu báo cáo gửi Sở Nội vụ.' }).expect(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.completedAt).toBe('2025-07-10T08:00:00.000Z');
    expect(done.body.lines.filter((l: { role: string }) => l.role === 'lead').map((l: { status: string }) => l.status)).toEqual(['completed', 'completed', 'completed']);
    expect(done.body.history.map((h: { action: string }) => h.action)).toEqual([
      'registered', 'submitted', 'directed', 'line_received', 'line_assigned', 'line_received', 'line_assigned', 'line_received',
      'line_completed', 'line_completed', 'line_completed', 'line_completed', 'completed',
    ]);
    const registeredEntry = done.body.history[0];
    expect(registeredEntry).toMatchObject({ actorUserId: users.officeClerk.id, createdAt: '2025-07-07T02:00:00.000Z' });
    for (const u of [users.ktClerk, users.ktHead, users.ktSpecialist, users.vhxhHead]) expect(await inbox(u)).toEqual([]);
  });

  it('every transition is guarded: a second receive, directing twice, completing a completed line → 409 INVALID_STATE in Vietnamese', async () => {
    const { users, departments } = w;
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman }, { lead: { departmentId: departments.kt.id } });
    const line = doc.lines[0];
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/receive`).set(users.ktClerk.auth).send({}).expect(200);
    const again = await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/receive`).set(users.ktClerk.auth).send({}).expect(409);
    expect(again.body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('đang xử lý') });
    const redirect = await t.http.post(`/api/v1/incoming-documents/${doc.id}/direct`).set(users.chairman.auth)
      .send({ lead: { departmentId: departments.kt.id }, instruction: 'Lại' }).expect(409);
    expect(redirect.body.error.message).toMatch(/đang xử lý/);
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/complete`).set(users.ktClerk.auth).send({ result: 'Xong' }).expect(200);
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/complete`).set(users.ktClerk.auth).send({ result: 'Xong' }).expect(409);
    const resubmit = await t.http.post(`/api/v1/incoming-documents/${doc.id}/submit`).set(users.officeClerk.auth).send({ leaderId: users.chairman.id }).expect(409);
    expect(resubmit.body.error.message).toMatch(/đã hoàn thành/);
  });

  it('a returned lead line sends the document back to the leader who directed it, recorded in history', async () => {
    const { users, departments } = w;
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.viceChairman }, { lead: { departmentId: departments.pvhcc.id } });
    const line = doc.lines[0];
    const back = await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/return`).set(users.pvhccClerk.auth)
      .send({ reason: 'Không thuộc lĩnh vực của Trung tâm.' }).expect(200);
    expect(back.body).toMatchObject({ status: 'awaiting_direction', submittedToUserId: users.viceChairman.id, direction: null });
    expect(back.body.lines[0]).toMatchObject({ status: 'returned', returnReason: 'Không thuộc lĩnh vực của Trung tâm.' });
    expect(back.body.history.slice(-2)).toEqual([
      expect.objectContaining({ action: 'line_returned', actorUserId: users.pvhccClerk.id, note: 'Không thuộc lĩnh vực của Trung tâm.' }),
      expect.objectContaining({ action: 'returned_for_direction', data: { leaderId: users.viceChairman.id } }),
    ]);
    expect(await inbox(users.viceChairman)).toEqual([expect.objectContaining({ id: doc.id, action: 'direct' })]);
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/direct`).set(users.viceChairman.auth)
      .send({ lead: { departmentId: departments.kt.id }, instruction: 'Chuyển Phòng Kinh tế.' }).expect(200);
  });

  it('a handler outside the line\'s department cannot be assigned; a specialist cannot assign; a clerk cannot direct', async () => {
    const { users, departments } = w;
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman }, { lead: { departmentId: departments.kt.id } });
    const line = doc.lines[0];
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/assign`).set(users.ktClerk.auth)
      .send({ userId: users.ktSpecialist.id }).expect(409);
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/receive`).set(users.ktClerk.auth).send({}).expect(200);
    const outsider = await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/assign`).set(users.ktClerk.auth)
      .send({ userId: users.vhxhSpecialist.id }).expect(422);
    expect(outsider.body.error.message).toMatch(/không thuộc phòng/);
    expect((await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${line.id}/assign`).set(users.ktSpecialist.auth)
      .send({ userId: users.ktSpecialist.id }).expect(403)).body.error.code).toBe('FORBIDDEN');
    const fresh = await registerIncoming(t, users.officeClerk);
    await t.http.post(`/api/v1/incoming-documents/${fresh.id}/submit`).set(users.officeClerk.auth).send({ leaderId: users.chairman.id }).expect(200);
    expect((await t.http.post(`/api/v1/incoming-documents/${fresh.id}/direct`).set(users.officeClerk.auth)
      .send({ lead: { departmentId: departments.kt.id }, instruction: 'x' }).expect(403)).body.error.code).toBe('FORBIDDEN');
    // Submitting to someone who is not a leader is refused.
    const other = await registerIncoming(t, users.officeClerk);
    await t.http.post(`/api/v1/incoming-documents/${other.id}/submit`).set(users.officeClerk.auth).send({ leaderId: users.ktHead.id }).expect(422);
  });

  it('a line past its deadline is overdue in the inbox and in the overdue filter', async () => {
    const { users, departments } = w;
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman },
      { lead: { departmentId: departments.pvhcc.id }, deadline: '2025-07-08' }, { urgency: 'flash' });
    t.clock.set('2025-07-09T08:00:00+07:00');
    const items = await inbox(users.pvhccClerk);
    expect(items[0]).toEqual(expect.objectContaining({ id: doc.id, overdue: true, urgency: 'flash', deadline: '2025-07-08' }));
    const overdue = await t.http.get('/api/v1/incoming-documents?overdue=true&pageSize=100').set(users.officeClerk.auth).expect(200);
    expect(overdue.body.items.map((d: { id: string }) => d.id)).toContain(doc.id);
    expect(overdue.body.items.every((d: { overdue: boolean }) => d.overdue)).toBe(true);
    const notOverdue = await t.http.get('/api/v1/incoming-documents?overdue=false&pageSize=100').set(users.officeClerk.auth).expect(200);
    expect(notOverdue.body.items.map((d: { id: string }) => d.id)).not.toContain(doc.id);
  });
});
