import { makeTestPdf } from '../../src/modules/files/pdf/pdf-test-support';
import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { createDraft, sampleDraft } from '../factories/outgoing.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

type Ids = Record<'incoming' | 'outgoing' | 'task' | 'register' | 'file' | 'dept' | 'user' | 'chairman', string>;
type Case = {
  route: string;
  field: string;
  send: (a: Ids) => Promise<{ status: number; body: { error?: { code: string; message: string; details: { field?: string }[] } } }>;
};

/** Every row of ward B in the tables a request could write, as one text: equal before and after = nothing stored. */
const TABLES = ['incoming_documents', 'incoming_lines', 'outgoing_documents', 'outgoing_document_files', 'tasks', 'delegations', 'registers',
  'signing_keys', 'files', 'users', 'audit_log'];

describe('ward B cannot reference ward A\'s records anywhere', () => {
  let t: TestApp;
  let a: TanBinhWard;
  let b: TanBinhWard;
  let aIds: Ids;
  const bIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    [a, b] = [await createTanBinhWard(t), await createTanBinhWard(t)];
    const incoming = await registerIncoming(t, a.users.officeClerk);
    const outgoing = await createDraft(t, a.users.ktSpecialist, { documentType: 'CONG_VAN', departmentId: a.departments.kt.id });
    const file = await t.http.post('/api/v1/files').set(a.users.officeClerk.auth).attach('file', await makeTestPdf(1), { filename: 'a.pdf', contentType: 'application/pdf' }).expect(201);
    const task = await t.http.post('/api/v1/tasks').set(a.users.chairman.auth)
      .send({ title: 'Việc của phường A', assignee: { departmentId: a.departments.kt.id }, deadline: '2099-12-31' }).expect(201);
    aIds = {
      incoming: incoming.id, register: incoming.registerId, outgoing: outgoing.id, file: file.body.id, task: task.body.id,
      dept: a.departments.kt.id, user: a.users.ktSpecialist.id, chairman: a.users.chairman.id,
    };
    bIds.draft = (await createDraft(t, b.users.ktSpecialist, { documentType: 'CONG_VAN', departmentId: b.departments.kt.id })).id;
    const registered = await registerIncoming(t, b.users.officeClerk);
    await t.http.post(`/api/v1/incoming-documents/${registered.id}/submit`).set(b.users.officeClerk.auth).send({ leaderId: b.users.chairman.id }).expect(200);
    bIds.submitted = registered.id;
    bIds.registered = (await registerIncoming(t, b.users.officeClerk)).id;
    const directed = await directedIncoming(t, { clerk: b.users.officeClerk, leader: b.users.chairman }, { lead: { departmentId: b.departments.kt.id } });
    bIds.directed = directed.id;
    bIds.line = directed.lines[0].id;
  });
  afterAll(() => t.close());

  const post = (path: string, user: { auth: Record<string, string> }, body: object) => t.http.post(path).set(user.auth).send(body);
  const B = () => b.users;
  const cases: Case[] = [
    { route: 'POST /outgoing-documents (multipart)', field: 'replyToIncomingId', send: async (ids) => t.http.post('/api/v1/outgoing-documents').set(B().ktSpecialist.auth)
      .field('data', JSON.stringify({ documentType: 'CONG_VAN', summary: 'Trả lời', departmentId: b.departments.kt.id, replyToIncomingId: ids.incoming }))
      .attach('file', await sampleDraft(), { filename: 'd.pdf', contentType: 'application/pdf' }) },
    { route: 'POST /outgoing-documents (multipart)', field: 'signerId', send: async (ids) => t.http.post('/api/v1/outgoing-documents').set(B().ktSpecialist.auth)
      .field('data', JSON.stringify({ documentType: 'CONG_VAN', summary: 'Dự thảo', departmentId: b.departments.kt.id, signerId: ids.chairman }))
      .attach('file', await sampleDraft(), { filename: 'd.pdf', contentType: 'application/pdf' }) },
    { route: 'PATCH /outgoing-documents/:id', field: 'replyToIncomingId', send: (ids) => t.http.patch(`/api/v1/outgoing-documents/${bIds.draft}`).set(B().ktSpecialist.auth).send({ replyToIncomingId: ids.incoming }) },
    { route: 'PATCH /outgoing-documents/:id', field: 'recipients.0.departmentId', send: (ids) => t.http.patch(`/api/v1/outgoing-documents/${bIds.draft}`).set(B().ktSpecialist.auth).send({ recipients: [{ type: 'department', departmentId: ids.dept }] }) },
    { route: 'POST /outgoing-documents/:id/files (JSON)', field: 'fileId', send: (ids) => post(`/api/v1/outgoing-documents/${bIds.draft}/files`, B().ktSpecialist, { fileId: ids.file }) },
    { route: 'POST /outgoing-documents/:id/submit', field: 'reviewerId', send: (ids) => post(`/api/v1/outgoing-documents/${bIds.draft}/submit`, B().ktSpecialist, { reviewerId: ids.chairman }) },
    { route: 'POST /outgoing-documents/:id/sign', field: 'onBehalfOfUserId', send: (ids) => post(`/api/v1/outgoing-documents/${bIds.draft}/sign`, B().chairman, { authority: 'TUQ', onBehalfOfUserId: ids.chairman }) },
    { route: 'POST /outgoing-documents/:id/issue', field: 'registerId', send: (ids) => post(`/api/v1/outgoing-documents/${bIds.draft}/issue`, B().officeClerk, { registerId: ids.register }) },
    { route: 'POST /incoming-documents (JSON)', field: 'registerId', send: (ids) => post('/api/v1/incoming-documents', B().officeClerk, { channel: 'paper', issuerName: 'Sở X', symbol: '1/SX', documentType: 'CONG_VAN', documentDate: '2025-07-03', summary: 'Việc', registerId: ids.register }) },
    { route: 'POST /incoming-documents (JSON)', field: 'fileId', send: (ids) => post('/api/v1/incoming-documents', B().officeClerk, { channel: 'electronic', issuerName: 'Sở X', symbol: '2/SX', documentType: 'CONG_VAN', documentDate: '2025-07-03', summary: 'Việc', fileId: ids.file }) },
    { route: 'POST /incoming-documents/:id/submit', field: 'leaderId', send: (ids) => post(`/api/v1/incoming-documents/${bIds.registered}/submit`, B().officeClerk, { leaderId: ids.chairman }) },
    { route: 'POST /incoming-documents/:id/direct', field: 'lead.departmentId', send: (ids) => post(`/api/v1/incoming-documents/${bIds.submitted}/direct`, B().chairman, { lead: { departmentId: ids.dept }, instruction: 'Xử lý' }) },
    { route: 'POST /incoming-documents/:id/direct', field: 'coordinators.0.userId', send: (ids) => post(`/api/v1/incoming-documents/${bIds.submitted}/direct`, B().chairman, { lead: { departmentId: b.departments.kt.id }, coordinators: [{ userId: ids.user }], instruction: 'Xử lý' }) },
    { route: 'POST /incoming-documents/:id/lines/:lineId/assign', field: 'userId', send: (ids) => post(`/api/v1/incoming-documents/${bIds.directed}/lines/${bIds.line}/assign`, B().ktHead, { userId: ids.user }) },
    { route: 'POST /incoming-documents/:id/lines/:lineId/complete', field: 'replyDocumentId', send: (ids) => post(`/api/v1/incoming-documents/${bIds.directed}/lines/${bIds.line}/complete`, B().ktHead, { replyDocumentId: ids.outgoing, result: 'Đã xử lý' }) },
    { route: 'POST /tasks', field: 'assignee.userId', send: (ids) => post('/api/v1/tasks', B().chairman, { title: 'Việc', assignee: { userId: ids.user }, deadline: '2099-12-31' }) },
    { route: 'POST /tasks', field: 'coordinators.0.departmentId', send: (ids) => post('/api/v1/tasks', B().chairman, { title: 'Việc', assignee: { departmentId: b.departments.kt.id }, coordinators: [{ departmentId: ids.dept }], deadline: '2099-12-31' }) },
    { route: 'POST /tasks', field: 'sourceIncomingId', send: (ids) => post('/api/v1/tasks', B().chairman, { title: 'Việc', assignee: { departmentId: b.departments.kt.id }, sourceIncomingId: ids.incoming, deadline: '2099-12-31' }) },
    { route: 'POST /tasks', field: 'parentTaskId', send: (ids) => post('/api/v1/tasks', B().chairman, { title: 'Việc', assignee: { departmentId: b.departments.kt.id }, parentTaskId: ids.task, deadline: '2099-12-31' }) },
    { route: 'POST /delegations', field: 'toUserId', send: (ids) => post('/api/v1/delegations', B().admin, { fromUserId: B().chairman.id, toUserId: ids.chairman, validFrom: '2099-01-01', validTo: '2099-01-05' }) },
    { route: 'POST /delegations', field: 'fromUserId', send: (ids) => post('/api/v1/delegations', B().admin, { fromUserId: ids.chairman, toUserId: B().viceChairman.id, validFrom: '2099-01-01', validTo: '2099-01-05' }) },
    { route: 'POST /registers', field: 'departmentId', send: (ids) => post('/api/v1/registers', B().admin, { kind: 'incoming', name: 'Sổ đến phòng', year: 2099, departmentId: ids.dept }) },
    { route: 'PUT /users/:id/roles', field: 'roles.0.departmentId', send: (ids) => t.http.put(`/api/v1/users/${B().ktSpecialist.id}/roles`).set(B().admin.auth).send({ roles: [{ role: 'specialist', departmentId: ids.dept }] }) },
    { route: 'POST /users', field: 'roles.0.departmentId', send: (ids) => post('/api/v1/users', B().admin, { username: 'nguoimoi.b', fullName: 'Người Mới', password: 'MatKhau@2025-dai', roles: [{ role: 'specialist', departmentId: ids.dept }] }) },
    { route: 'POST /signing-keys/dev-certificates', field: 'userId', send: (ids) => post('/api/v1/signing-keys/dev-certificates', B().admin, { userId: ids.chairman }) },
  ];

  const snapshot = async () => {
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const [{ h }] = await t.ds.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${table} x WHERE organization_id = $1`, [b.org.id]);
      out[table] = h;
    }
    return out;
  };

  it.each(cases.map((c) => [c.route, c.field, c] as const))('%s with ward A\'s id in %s → 404 NOT_FOUND naming the field, nothing stored', async (_route, field, c) => {
    const before = await snapshot();
    const res = await c.send(aIds);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(res.body.error?.details.map((d) => d.field)).toContain(field);
    expect(res.body.error?.message).toMatch(/không tồn tại/);
    expect(await snapshot()).toEqual(before);
  });

  it('the same requests with ward B\'s own ids are not refused as foreign', async () => {
    const res = await t.http.patch(`/api/v1/outgoing-documents/${bIds.draft}`).set(B().ktSpecialist.auth).send({ replyToIncomingId: bIds.registered });
    expect(res.status).toBe(200);
    const task = await post('/api/v1/tasks', B().chairman, { title: 'Việc', assignee: { departmentId: b.departments.kt.id }, sourceIncomingId: bIds.directed, deadline: '2099-12-31' });
    expect(task.status).toBe(201);
  });
});
