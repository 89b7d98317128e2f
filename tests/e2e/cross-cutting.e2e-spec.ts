import { auditHash, GENESIS_HASH } from '../../src/modules/audit/audit-hash';
import { createDepartment, createOrganization, createUser, tokenFor } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { operationProblems, operations, OpenApiDoc, untypedProperties } from './openapi/openapi-rules';
import { listRoutes } from './route-matrix/routes';

describe('errors, validation, OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses unknown body fields with 400 VALIDATION_FAILED, naming each field in Vietnamese', async () => {
    const org = await createOrganization(t);
    const res = await t.http.post('/api/v1/departments').set(org.admin.auth)
      .send({ name: 'Phòng Kinh tế', code: 'KT', kind: 'department', organizationId: 'x', isAdmin: true }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(res.body.error.message).toMatch(/không hợp lệ/);
    expect(res.body.error.details).toEqual(expect.arrayContaining([
      { field: 'organizationId', message: 'Trường "organizationId" không được phép gửi lên.' },
      { field: 'isAdmin', message: 'Trường "isAdmin" không được phép gửi lên.' },
    ]));
    const count = await t.ds.query(`SELECT count(*)::int AS n FROM departments WHERE organization_id = $1`, [org.id]);
    expect(count[0].n).toBe(0);
  });

  it('explains a wrong value and lists what is allowed', async () => {
    const org = await createOrganization(t);
    const res = await t.http.post('/api/v1/departments').set(org.admin.auth).send({ name: '', code: 'kt thường', kind: 'phong' }).expect(400);
    const byField = Object.fromEntries(res.body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(byField.name).toBe('Trường "name" không được để trống.');
    expect(byField.code).toBe('Trường "code" không đúng định dạng.');
    expect(byField.kind).toMatch(/^Trường "kind" có giá trị không hợp lệ\. Giá trị cho phép: office, department, center\.$/);
  });

  it('answers malformed JSON and unknown routes in the same error shape', async () => {
    const org = await createOrganization(t);
    const bad = await t.http.post('/api/v1/departments').set(org.admin.auth).set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const missing = await t.http.get('/api/v1/khong-co').set(org.admin.auth).expect(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Không tìm thấy/) });
  });

  it('publishes an OpenAPI document that covers every route, with the Swagger UI beside it', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiDoc;
    const documented = new Set(operations(doc).map((o) => o.route));
    const missing = listRoutes(t).map((r) => `${r.method} ${r.path}`).filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    expect(doc.components.securitySchemes.bearer).toBeDefined();
    const ui = await t.http.get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  it('documents every operation precisely enough to type a client: verb-like unique operationId, 2xx schema, the shared error body on each 4xx, security per access', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiDoc;
    // How to comply: docs/DEVELOPING.md, "Documenting a route".
    expect(operationProblems(doc, listRoutes(t))).toEqual([]);
    expect(untypedProperties(doc)).toEqual([]);
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.schemas.ErrorResponse).toBeDefined();
  });
});

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records administrative changes and logins, and the organization\'s chain verifies', async () => {
    const org = await createOrganization(t);
    const dept = await createDepartment(t, org);
    await createUser(t, org, { roles: [{ role: 'clerk', departmentId: dept.id }] });
    await t.http.post('/api/v1/auth/login').send({ username: org.admin.username, password: 'sai' }).expect(401);
    const log = await t.http.get('/api/v1/audit-log').set(org.admin.auth).expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['organization.created', 'department.created', 'user.created', 'auth.login_failed']));
    expect(JSON.stringify(log.body)).not.toMatch(/Hoa-Sen-No#2025!|"password(Hash)?"/);
    const v = await t.http.get('/api/v1/audit-log/verify').set(org.admin.auth).expect(200);
    expect(v.body).toEqual({ ok: true, checked: log.body.total, brokenAt: null });
  });

  it('is append-only: UPDATE and DELETE are refused by the database', async () => {
    const org = await createOrganization(t);
    await expect(t.ds.query(`UPDATE audit_log SET action = 'x' WHERE organization_id = $1`, [org.id])).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM audit_log WHERE organization_id = $1`, [org.id])).rejects.toThrow(/append-only/);
  });

  it('names the first edited row when someone with database access rewrites history', async () => {
    const org = await createOrganization(t);
    const dept = await createDepartment(t, org);
    await createUser(t, org, { roles: [{ role: 'clerk', departmentId: dept.id }] });
    const [row] = await t.ds.query(`SELECT id, seq FROM audit_log WHERE chain_key = $1 AND action = 'department.created'`, [org.id]);
    // A DBA bypasses the trigger (session_replication_role = replica) and edits one row's data.
    await t.ds.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      await em.query(`UPDATE audit_log SET data = jsonb_set(data, '{name}', '"Phòng bị sửa"') WHERE id = $1`, [row.id]);
    });
    const v = await t.http.get('/api/v1/audit-log/verify').set(org.admin.auth).expect(200);
    expect(v.body).toMatchObject({ ok: false, brokenAt: { id: String(row.id), seq: Number(row.seq), reason: 'content does not match its hash' } });
  });

  it('verifies a chain that began with version-1 rows (before the one-statement append) and continues with keyed version-3 rows', async () => {
    const org = await createOrganization(t);
    // Rebuild this chain as if its first rows had been written with the first formula (hash_version 1).
    const rows = await t.ds.query(`SELECT * FROM audit_log WHERE chain_key = $1 ORDER BY seq`, [org.id]);
    let prev = GENESIS_HASH;
    await t.ds.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      for (const r of rows) {
        const hash = auditHash({ chainKey: r.chain_key, seq: Number(r.seq), organizationId: r.organization_id, actorUserId: r.actor_user_id,
          onBehalfOfUserId: r.on_behalf_of_user_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, data: r.data,
          createdAt: new Date(r.created_at).toISOString(), prevHash: prev });
        await em.query(`UPDATE audit_log SET hash_version = 1, prev_hash = $2, hash = $3 WHERE id = $1`, [r.id, prev, hash]);
        prev = hash;
      }
      await em.query(`UPDATE audit_chain_heads SET last_hash = $2, prev_hash = $3 WHERE chain_key = $1`, [org.id, prev, GENESIS_HASH]);
    });
    await createDepartment(t, org);
    const v = await t.http.get('/api/v1/audit-log/verify').set(org.admin.auth).expect(200);
    expect(v.body).toEqual({ ok: true, checked: rows.length + 1, brokenAt: null });
    const versions = await t.ds.query(`SELECT hash_version FROM audit_log WHERE chain_key = $1 ORDER BY seq`, [org.id]);
    expect(versions.map((x: { hash_version: number }) => x.hash_version)).toEqual([...rows.map(() => 1), 3]);
  });

  it('keeps each organization\'s chain separate: tampering in one does not break another', async () => {
    const a = await createOrganization(t);
    const b = await createOrganization(t);
    await t.ds.transaction(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      await em.query(`DELETE FROM audit_log WHERE chain_key = $1 AND seq = 1`, [a.id]);
    });
    expect((await t.http.get('/api/v1/audit-log/verify').set(a.admin.auth).expect(200)).body.ok).toBe(false);
    expect((await t.http.get('/api/v1/audit-log/verify').set(b.admin.auth).expect(200)).body.ok).toBe(true);
  });
});

describe('system administrator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a ward and its first administrator, who then sets up departments', async () => {
    const [sys] = await t.ds.query(
      `INSERT INTO users (username, password_hash, full_name, is_system_admin) VALUES ('sys${Date.now()}', 'x', 'Quản trị hệ thống', true) RETURNING id`);
    const sysAuth = { Authorization: tokenFor(t, sys.id).Authorization };
    const org = (await t.http.post('/api/v1/organizations').set(sysAuth).send({
      code: `000.${Date.now()}.H29`, name: 'Ủy ban nhân dân phường Tây Tựu', shortName: 'UBND', placeName: 'Tây Tựu', parentName: 'THÀNH PHỐ HÀ NỘI',
    }).expect(201)).body;
    expect(org).toMatchObject({ name: 'Ủy ban nhân dân phường Tây Tựu', timeZone: 'Asia/Ho_Chi_Minh' });
    await t.http.post('/api/v1/users').set(sysAuth).send({ username: `a${Date.now()}`, password: 'Hoa-Sen-No#2025!', fullName: 'A', positionTitle: 'Quản trị', roles: [{ role: 'admin' }] }).expect(400);
    const admin = (await t.http.post('/api/v1/users').set(sysAuth).send({
      username: `qt${Date.now()}`, password: 'Hoa-Sen-No#2025!', fullName: 'Quản trị phường', positionTitle: 'Quản trị', roles: [{ role: 'admin' }], organizationId: org.id,
    }).expect(201)).body;
    const adminAuth = { Authorization: tokenFor(t, admin.id).Authorization };
    await t.http.post('/api/v1/departments').set(adminAuth).send({ name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' }).expect(201);
    const dup = await t.http.post('/api/v1/organizations').set(sysAuth).send({ code: org.code, name: 'X', shortName: 'UBND', placeName: 'X' }).expect(409);
    expect(dup.body.error.message).toMatch(/đã được dùng/);
    // The system administrator does not run a ward's documents.
    await t.http.get('/api/v1/departments').set(sysAuth).expect(403);
  });
});

describe('delegations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores a time-boxed delegation scoped by types, and refuses what the principal cannot sign', async () => {
    const org = await createOrganization(t);
    const office = await createDepartment(t, org, { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' });
    const chairman = await createUser(t, org, { roles: [{ role: 'chairman' }], positionTitle: 'Chủ tịch' });
    const chief = await createUser(t, org, { roles: [{ role: 'head', departmentId: office.id }], positionTitle: 'Chánh Văn phòng' });
    const specialist = await createUser(t, org, { roles: [{ role: 'specialist', departmentId: office.id }] });
    t.clock.set('2025-07-07T09:00:00+07:00');
    const ok = await t.http.post('/api/v1/delegations').set(chairman.auth).send({
      fromUserId: chairman.id, toUserId: chief.id, validFrom: '2025-07-07', validTo: '2025-07-11', documentTypes: ['QUYET_DINH'], reason: 'Chủ tịch đi công tác',
    }).expect(201);
    expect(ok.body).toMatchObject({ status: 'active', documentTypes: ['QUYET_DINH'] });
    // The Chánh Văn phòng may sign TL. only notices etc.: nothing to pass on for a Quyết định.
    const refused = await t.http.post('/api/v1/delegations').set(chief.auth).send({
      fromUserId: chief.id, toUserId: specialist.id, validFrom: '2025-07-07', validTo: '2025-07-08', documentTypes: ['QUYET_DINH'], reason: 'Nghỉ phép',
    }).expect(422);
    expect(refused.body.error.message).toMatch(/không được ký Quyết định/);
    // A specialist has no signing power, so nothing to delegate — and cannot delegate someone else's.
    await t.http.post('/api/v1/delegations').set(specialist.auth).send({
      fromUserId: specialist.id, toUserId: chief.id, validFrom: '2025-07-07', validTo: '2025-07-08', reason: 'x',
    }).expect(422);
    await t.http.post('/api/v1/delegations').set(specialist.auth).send({
      fromUserId: chairman.id, toUserId: specialist.id, validFrom: '2025-07-07', validTo: '2025-07-08', reason: 'x',
    }).expect(403);
    const past = await t.http.post('/api/v1/delegations').set(chairman.auth).send({
      fromUserId: chairman.id, toUserId: chief.id, validFrom: '2025-07-01', validTo: '2025-07-06', reason: 'x',
    }).expect(400);
    expect(past.body.error.details[0]).toMatchObject({ field: 'validTo' });
    // The delegate sees it among their own; revoking twice is a state error.
    const mine = await t.http.get('/api/v1/delegations').set(chief.auth).expect(200);
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual([ok.body.id]);
    await t.http.delete(`/api/v1/delegations/${ok.body.id}`).set(chief.auth).expect(403);
    await t.http.delete(`/api/v1/delegations/${ok.body.id}`).set(chairman.auth).expect(204);
    await t.http.delete(`/api/v1/delegations/${ok.body.id}`).set(chairman.auth).expect(409);
    t.clock.set(null);
  });
});
