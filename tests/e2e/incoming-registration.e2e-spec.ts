import { randomUUID } from 'node:crypto';
import { makeTestPdf } from '../../src/modules/files/pdf/pdf-test-support';
import { IncomingDocumentsService } from '../../src/modules/incoming-documents/incoming-documents.service';
import { incomingBody, INCOMING_OTHER_ORG_FIXTURES, registerIncoming } from '../factories/incoming.factory';
import { createDepartment, createOrganization, createTanBinhWard, createUser, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

describe('incoming documents: registration, numbering, duplicates, visibility', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  beforeEach(() => t.clock.set('2025-07-07T09:00:00+07:00'));
  afterAll(() => t.close());

  const post = (user: { auth: Record<string, string> }, body: object) => t.http.post('/api/v1/incoming-documents').set(user.auth).send(body);

  it('64 concurrent registrations into one register, some rolled back after their number was taken, leave 1..N without gap or duplicate', async () => {
    const ward = await createTanBinhWard(t);
    // A deferred constraint that fails at COMMIT for marked rows: the number is allocated, then the transaction rolls back.
    await t.ds.query(`
      CREATE OR REPLACE FUNCTION test_fail_marked_incoming() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.note = 'ROLLBACK-ME' THEN RAISE EXCEPTION 'forced rollback for the numbering test'; END IF; RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER test_fail_marked_incoming AFTER INSERT ON incoming_documents
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_marked_incoming();`);
    try {
      const results = await Promise.all(Array.from({ length: 64 }, (_, i) =>
        post(ward.users.officeClerk, incomingBody({ note: i % 5 === 2 ? 'ROLLBACK-ME' : `Lần ${i}` }))));
      const ok = results.filter((r) => r.status === 201);
      const failed = results.filter((r) => r.status !== 201);
      expect(failed.length).toBe(13);
      expect(failed.every((r) => r.status === 500)).toBe(true);
      const numbers = ok.map((r) => r.body.arrivalNumber as number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      expect(new Set(ok.map((r) => r.body.registerId)).size).toBe(1);
      const [{ count }] = await t.ds.query(`SELECT count(*)::int AS count FROM incoming_documents WHERE organization_id = $1`, [ward.org.id]);
      expect(count).toBe(51);
      // The next registration continues at 52: numbers handed out by rolled-back transactions came back.
      expect((await registerIncoming(t, ward.users.officeClerk)).arrivalNumber).toBe(52);
    } finally {
      await t.ds.query(`DROP TRIGGER test_fail_marked_incoming ON incoming_documents; DROP FUNCTION test_fail_marked_incoming();`);
    }
  });

  it('31/12 23:59:59 (+07:00) is numbered in the old year and 01/01 00:00:00 (+07:00) starts the new year at 1', async () => {
    const ward = await createTanBinhWard(t);
    t.clock.set('2025-12-31T23:59:59+07:00');
    const last = await registerIncoming(t, ward.users.officeClerk);
    t.clock.set('2026-01-01T00:00:00+07:00');
    const first = await registerIncoming(t, ward.users.officeClerk);
    expect(last).toMatchObject({ arrivalDate: '2025-12-31', arrivalYear: 2025, arrivalNumber: 1 });
    expect(first).toMatchObject({ arrivalDate: '2026-01-01', arrivalYear: 2026, arrivalNumber: 1 });
    expect(first.registerId).not.toBe(last.registerId);
    const [reg] = await t.ds.query(`SELECT year, department_id, confidential FROM registers WHERE id = $1`, [first.registerId]);
    expect(reg).toEqual({ year: 2026, department_id: null, confidential: false });
    // Department clerks get their own department register, lazily for the new year too.
    const dept = await registerIncoming(t, ward.users.ktClerk);
    expect(dept).toMatchObject({ arrivalNumber: 1, departmentId: ward.departments.kt.id });
    // Naming last year's register in the new year is refused.
    const stale = await post(ward.users.officeClerk, incomingBody({ registerId: last.registerId })).expect(422);
    expect(stale.body.error.message).toMatch(/năm 2025/);
  });

  it('a duplicate (same issuer, symbol and date, ignoring case and spaces) → 409 naming the existing one; allowDuplicate → 201 and recorded', async () => {
    const body = incomingBody({ symbol: '15/QĐ-UBND', issuerName: 'UBND Thành phố Hồ Chí Minh' });
    const first = await post(w.users.officeClerk, body).expect(201);
    const dup = await post(w.users.officeClerk, { ...body, symbol: '15 / qđ-ubnd', issuerName: 'ubnd thành phố  hồ chí minh' }).expect(409);
    expect(dup.body.error).toMatchObject({ code: 'INCOMING_DUPLICATE', details: [{ existingId: first.body.id }] });
    expect(dup.body.error.message).toMatch(/đã được vào sổ/);
    const again = await post(w.users.officeClerk, { ...body, allowDuplicate: true }).expect(201);
    expect(again.body).toMatchObject({ allowDuplicate: true, arrivalNumber: first.body.arrivalNumber + 1 });
    const detail = await t.http.get(`/api/v1/incoming-documents/${again.body.id}`).set(w.users.officeClerk.auth).expect(200);
    expect(detail.body.history[0]).toMatchObject({ action: 'registered', data: { allowDuplicate: true, duplicateOf: first.body.id } });
    // A different document date is not a duplicate.
    await post(w.users.officeClerk, { ...body, documentDate: '2025-07-04' }).expect(201);
  });

  it('server-owned fields cannot come from the client; invalid fields are named', async () => {
    for (const extra of [{ arrivalNumber: 7 }, { status: 'completed' }, { organizationId: randomUUID() }, { arrivalDate: '2025-01-01' }]) {
      const res = await post(w.users.officeClerk, incomingBody(extra)).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details[0].field).toBe(Object.keys(extra)[0]);
    }
    const bad = await post(w.users.officeClerk, incomingBody({ urgency: 'asap', documentDate: '07/07/2025' })).expect(400);
    expect([...new Set(bad.body.error.details.map((d: { field: string }) => d.field))].sort()).toEqual(['documentDate', 'urgency']);
  });

  it('a specialist cannot register (403); a department clerk cannot write into the agency register (403)', async () => {
    expect((await post(w.users.ktSpecialist, incomingBody()).expect(403)).body.error.code).toBe('FORBIDDEN');
    const agency = await registerIncoming(t, w.users.officeClerk);
    const res = await post(w.users.ktClerk, incomingBody({ registerId: agency.registerId })).expect(403);
    expect(res.body.error.message).toMatch(/đơn vị mình/);
  });

  it('Idempotency-Key: the same request returns the same document and number; another body with the key → 422', async () => {
    const key = randomUUID();
    const body = incomingBody();
    const a = await post(w.users.officeClerk, body).set('Idempotency-Key', key).expect(201);
    const b = await post(w.users.officeClerk, body).set('Idempotency-Key', key).expect(201);
    expect(b.body).toMatchObject({ id: a.body.id, arrivalNumber: a.body.arrivalNumber });
    const c = await post(w.users.officeClerk, { ...body, summary: 'Khác' }).set('Idempotency-Key', key).expect(422);
    expect(c.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('state secrets: metadata only, in the confidential register, seen by the registering clerk and the Chủ tịch only', async () => {
    const secret = await registerIncoming(t, w.users.officeClerk, { confidentiality: 'secret', summary: 'Văn bản mật về quốc phòng' });
    const [reg] = await t.ds.query(`SELECT confidential FROM registers WHERE id = $1`, [secret.registerId]);
    expect(reg.confidential).toBe(true);
    expect(secret.arrivalNumber).toBe(1);
    await t.http.get(`/api/v1/incoming-documents/${secret.id}`).set(w.users.officeClerk.auth).expect(200);
    await t.http.get(`/api/v1/incoming-documents/${secret.id}`).set(w.users.chairman.auth).expect(200);
    for (const u of [w.users.viceChairman, w.users.ktClerk, w.users.chiefOfOffice, w.users.ktSpecialist]) {
      await t.http.get(`/api/v1/incoming-documents/${secret.id}`).set(u.auth).expect(404);
    }
    const otherClerk = await createUser(t, w.org, { roles: [{ role: 'clerk', departmentId: w.departments.office.id }] });
    await t.http.get(`/api/v1/incoming-documents/${secret.id}`).set(otherClerk.auth).expect(404);
    const listed = await t.http.get('/api/v1/incoming-documents?pageSize=100').set(otherClerk.auth).expect(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).not.toContain(secret.id);
    // A state secret with a file is refused before anything is registered.
    const upload = await t.http.post('/api/v1/files').set(w.users.officeClerk.auth).attach('file', await makeTestPdf(1), 'mat.pdf').expect(201);
    const refused = await post(w.users.officeClerk, incomingBody({ confidentiality: 'top_secret', fileId: upload.body.id })).expect(422);
    expect(refused.body.error.code).toBe('CONFIDENTIAL_CONTENT_REFUSED');
    const multipart = await t.http.post('/api/v1/incoming-documents').set(w.users.officeClerk.auth)
      .field('data', JSON.stringify(incomingBody({ confidentiality: 'absolute_secret' }))).attach('file', await makeTestPdf(1), 'mat.pdf').expect(422);
    expect(multipart.body.error.code).toBe('CONFIDENTIAL_CONTENT_REFUSED');
  });

  it('a department sees what is in its register or routed to it; other departments get 404, and lists match', async () => {
    const ward = await createTanBinhWard(t);
    const ktDoc = await registerIncoming(t, ward.users.ktClerk);
    const agencyDoc = await registerIncoming(t, ward.users.officeClerk);
    await t.http.get(`/api/v1/incoming-documents/${ktDoc.id}`).set(ward.users.ktHead.auth).expect(200);
    await t.http.get(`/api/v1/incoming-documents/${ktDoc.id}`).set(ward.users.officeClerk.auth).expect(200);
    await t.http.get(`/api/v1/incoming-documents/${ktDoc.id}`).set(ward.users.pvhccClerk.auth).expect(404);
    await t.http.get(`/api/v1/incoming-documents/${agencyDoc.id}`).set(ward.users.ktClerk.auth).expect(404);
    await t.http.get(`/api/v1/incoming-documents/${agencyDoc.id}`).set(ward.users.ktSpecialist.auth).expect(404);
    const ktList = await t.http.get('/api/v1/incoming-documents').set(ward.users.ktClerk.auth).expect(200);
    expect(ktList.body.items.map((d: { id: string }) => d.id)).toEqual([ktDoc.id]);
    const officeList = await t.http.get('/api/v1/incoming-documents').set(ward.users.officeClerk.auth).expect(200);
    expect(officeList.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    // Newest arrival first: same day, the higher number first (both are number 1 of their register, then newest created).
    expect(officeList.body.items.map((d: { id: string }) => d.id).sort()).toEqual([agencyDoc.id, ktDoc.id].sort());
    const specialist = await t.http.get('/api/v1/incoming-documents').set(ward.users.ktSpecialist.auth).expect(200);
    expect(specialist.body.total).toBe(0);
  });

  it('every incoming route answers 404 for another organization\'s ids, even to a user holding every role', async () => {
    const mine = await createOrganization(t);
    const office = await createDepartment(t, mine, { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' });
    const dept = await createDepartment(t, mine);
    const power = await createUser(t, mine, {
      roles: [{ role: 'admin' }, { role: 'chairman' }, { role: 'clerk', departmentId: office.id }, { role: 'head', departmentId: dept.id }],
    });
    const other = await createOrganization(t);
    const otherOffice = await createDepartment(t, other, { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' });
    const otherDept = await createDepartment(t, other);
    const otherPowerUser = await createUser(t, other, {
      roles: [{ role: 'admin' }, { role: 'chairman' }, { role: 'clerk', departmentId: otherOffice.id }, { role: 'head', departmentId: otherDept.id }],
    });
    const routes: [string, string][] = [
      ['get', '/api/v1/incoming-documents/:id'], ['get', '/api/v1/incoming-documents/:id/file'], ['post', '/api/v1/incoming-documents/:id/register'],
      ['post', '/api/v1/incoming-documents/:id/submit'], ['post', '/api/v1/incoming-documents/:id/direct'],
      ['post', '/api/v1/incoming-documents/:id/lines/:lineId/receive'], ['post', '/api/v1/incoming-documents/:id/lines/:lineId/assign'],
      ['post', '/api/v1/incoming-documents/:id/lines/:lineId/complete'], ['post', '/api/v1/incoming-documents/:id/lines/:lineId/return'],
    ];
    for (const [method, route] of routes) {
      const { ids, body } = await INCOMING_OTHER_ORG_FIXTURES[route]({ t, otherPowerUser, otherDepartmentId: otherDept.id });
      const path = route.replace(/:([A-Za-z]+)/g, (_, name: string) => ids[name]);
      const res = await (t.http as unknown as Record<string, (p: string) => { set: (h: object) => { send: (b: object) => Promise<{ status: number }> } }>)[method](path)
        .set(power.auth).send(body ?? {});
      expect({ route, status: res.status }).toEqual({ route, status: 404 });
    }
  });

  it('deliverInternal creates one received document per recipient; its clerk registers it in the department register', async () => {
    const sender = await createTanBinhWard(t);
    const service = t.app.get(IncomingDocumentsService);
    const input = {
      senderOrganizationId: sender.org.id, senderName: sender.org.name, senderCode: '000.21.33.H29', recipientOrganizationId: w.org.id,
      recipientDepartmentId: w.departments.kt.id, outgoingDocumentId: randomUUID(), symbol: '12/UBND-VP', documentType: 'CONG_VAN',
      documentDate: '2025-07-06', summary: 'V/v phối hợp chỉnh trang đô thị', signerName: 'Nguyễn Thị Phượng', signerPosition: 'Chủ tịch',
      urgency: 'urgent', confidentiality: 'normal', fileId: null, actorUserId: sender.users.officeClerk.id,
    };
    const a = await service.deliverInternal(input);
    const b = await service.deliverInternal(input);
    expect(b.incomingDocumentId).toBe(a.incomingDocumentId);
    const toAgency = await service.deliverInternal({ ...input, recipientDepartmentId: null });
    expect(toAgency.incomingDocumentId).not.toBe(a.incomingDocumentId);

    const received = await t.http.get(`/api/v1/incoming-documents/${a.incomingDocumentId}`).set(w.users.ktClerk.auth).expect(200);
    expect(received.body).toMatchObject({ status: 'received', channel: 'internal', arrivalNumber: null, issuerName: sender.org.name, departmentId: w.departments.kt.id });
    const inbox = await t.http.get('/api/v1/inbox').set(w.users.ktClerk.auth).expect(200);
    expect(inbox.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: a.incomingDocumentId, action: 'register', urgency: 'urgent' })]));
    // Another department's clerk cannot see it; the office clerk may see it but cannot register the department's document.
    await t.http.post(`/api/v1/incoming-documents/${a.incomingDocumentId}/register`).set(w.users.pvhccClerk.auth).send({}).expect(404);
    await t.http.post(`/api/v1/incoming-documents/${a.incomingDocumentId}/register`).set(w.users.officeClerk.auth).send({}).expect(403);
    const registered = await t.http.post(`/api/v1/incoming-documents/${a.incomingDocumentId}/register`).set(w.users.ktClerk.auth)
      .send({ note: 'Đã kiểm tra chữ ký số' }).expect(200);
    expect(registered.body).toMatchObject({ status: 'registered', arrivalDate: '2025-07-07', note: 'Đã kiểm tra chữ ký số', departmentId: w.departments.kt.id });
    expect(registered.body.arrivalNumber).toBeGreaterThanOrEqual(1);
    const [reg] = await t.ds.query(`SELECT department_id FROM registers WHERE id = $1`, [registered.body.registerId]);
    expect(reg.department_id).toBe(w.departments.kt.id);
    await t.http.post(`/api/v1/incoming-documents/${a.incomingDocumentId}/register`).set(w.users.ktClerk.auth).send({}).expect(409);
    // Addressed to the organization: the office clerk registers it in the agency register.
    const agency = await t.http.post(`/api/v1/incoming-documents/${toAgency.incomingDocumentId}/register`).set(w.users.officeClerk.auth).send({}).expect(200);
    expect(agency.body.departmentId).toBeNull();
  });
});
