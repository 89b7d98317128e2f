import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { registerIncoming } from '../factories/incoming.factory';
import { createDraft, sampleDraft } from '../factories/outgoing.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

type Res = { status: number; body: { error?: { code: string; message: string; details: { field?: string }[] } } };

function expectRefused(res: Res, status: number, code: string, field?: string) {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
  expect(res.body.error?.message).toMatch(VIETNAMESE);
  if (field) expect(res.body.error?.details.map((d) => d.field)).toContain(field);
}

describe('bad input at the edge is a 400 in Vietnamese and changes nothing', () => {
  let t: TestApp;
  let w: TanBinhWard;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  const get = async (path: string) => (await t.http.get(path).set(w.users.admin.auth).expect(200)).body as Record<string, unknown>;

  describe('text fields', () => {
    it.each([
      ['a NUL byte', 'Phòng\u0000Thử'],
      ['a lone surrogate', 'x\ud800'],
      ['a control character', 'Phòng\u0007Thử'],
      ['more than 20,000 characters', 'a'.repeat(20_001)],
    ])('%s in a PATCH text field is refused with the field named', async (_what, name) => {
      const dept = w.org && w.departments.kt;
      const before = await get(`/api/v1/departments/${dept.id}`);
      const res = await t.http.patch(`/api/v1/departments/${dept.id}`).set(w.users.admin.auth).send({ name });
      expectRefused(res, 400, 'VALIDATION_FAILED', 'name');
      expect(await get(`/api/v1/departments/${dept.id}`)).toEqual(before);
    });

    it('a NUL byte in the search query q is refused', async () => {
      const res = await t.http.get('/api/v1/incoming-documents').query({ q: 'abc\u0000' }).set(w.users.officeClerk.auth);
      expectRefused(res, 400, 'VALIDATION_FAILED', 'q');
    });

    it.each([
      ['a NUL byte', 'vanthu\u0000'],
      ['a lone surrogate', 'x\ud800'],
    ])('%s in the login username is refused without a token', async (_what, username) => {
      const res = await t.http.post('/api/v1/auth/login').send({ username, password: 'whatever-password' });
      expectRefused(res, 400, 'VALIDATION_FAILED', 'username');
    });

    it('text is stored in Unicode NFC, so decomposed and precomposed input are the same text', async () => {
      const decomposed = 'Phòng Kinh tế mới'.normalize('NFD');
      const dept = w.departments.vhxh;
      await t.http.patch(`/api/v1/departments/${dept.id}`).set(w.users.admin.auth).send({ name: decomposed }).expect(200);
      expect((await get(`/api/v1/departments/${dept.id}`)).name).toBe('Phòng Kinh tế mới'.normalize('NFC'));
    });
  });

  describe('null in a PATCH body', () => {
    it('is refused for a department name', async () => {
      const dept = w.departments.kt;
      const before = await get(`/api/v1/departments/${dept.id}`);
      const res = await t.http.patch(`/api/v1/departments/${dept.id}`).set(w.users.admin.auth).send({ name: null });
      expectRefused(res, 400, 'VALIDATION_FAILED', 'name');
      expect(await get(`/api/v1/departments/${dept.id}`)).toEqual(before);
    });

    it('is refused for a user full name', async () => {
      const user = w.users.ktSpecialist;
      const before = await get(`/api/v1/users/${user.id}`);
      const res = await t.http.patch(`/api/v1/users/${user.id}`).set(w.users.admin.auth).send({ fullName: null, disabled: null });
      expectRefused(res, 400, 'VALIDATION_FAILED', 'fullName');
      expect(await get(`/api/v1/users/${user.id}`)).toEqual(before);
    });

    it('is refused for an outgoing summary but accepted where the field is nullable (signerId)', async () => {
      const doc = await createDraft(t, w.users.ktSpecialist, { documentType: 'CONG_VAN', departmentId: w.departments.kt.id });
      const read = async () => (await t.http.get(`/api/v1/outgoing-documents/${doc.id}`).set(w.users.ktSpecialist.auth).expect(200)).body;
      const before = await read();
      const res = await t.http.patch(`/api/v1/outgoing-documents/${doc.id}`).set(w.users.ktSpecialist.auth).send({ summary: null });
      expectRefused(res, 400, 'VALIDATION_FAILED', 'summary');
      expect(await read()).toEqual(before);
      const nullable = await t.http.patch(`/api/v1/outgoing-documents/${doc.id}`).set(w.users.ktSpecialist.auth).send({ signerId: null });
      expect(nullable.status).toBeLessThan(500);
      expect(nullable.body.error?.details?.map((d: { field?: string }) => d.field) ?? []).not.toContain('signerId');
    });
  });

  it('multipart form fields follow the same rules: null and a NUL byte in the "data" part are refused, no draft is created', async () => {
    const count = async () => Number((await t.ds.query('SELECT count(*)::int AS n FROM outgoing_documents WHERE organization_id = $1', [w.org.id]))[0].n);
    const before = await count();
    for (const [data, field] of [[{ summary: null }, 'summary'], [{ summary: 'a\u0000b' }, 'summary']] as const) {
      const res = await t.http.post('/api/v1/outgoing-documents').set(w.users.ktSpecialist.auth)
        .field('data', JSON.stringify({ documentType: 'CONG_VAN', departmentId: w.departments.kt.id, ...data }))
        .attach('file', await sampleDraft(), { filename: 'd.pdf', contentType: 'application/pdf' });
      expectRefused(res, 400, 'VALIDATION_FAILED', field);
    }
    expect(await count()).toBe(before);
  });

  it('PUT /users/:id/roles with nested arrays is refused and the roles are unchanged', async () => {
    const user = w.users.ktSpecialist;
    const before = await get(`/api/v1/users/${user.id}`);
    const res = await t.http.put(`/api/v1/users/${user.id}/roles`).set(w.users.admin.auth).send({ roles: [[[]]] });
    expectRefused(res, 400, 'VALIDATION_FAILED');
    expect(await get(`/api/v1/users/${user.id}`)).toEqual(before);
  });

  it('direct without lead is refused and the document stays where it was', async () => {
    const doc = await registerIncoming(t, w.users.officeClerk);
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/submit`).set(w.users.officeClerk.auth).send({ leaderId: w.users.chairman.id }).expect(200);
    const read = async () => (await t.http.get(`/api/v1/incoming-documents/${doc.id}`).set(w.users.chairman.auth).expect(200)).body;
    const before = await read();
    const res = await t.http.post(`/api/v1/incoming-documents/${doc.id}/direct`).set(w.users.chairman.auth).send({ instruction: 'Xử lý' });
    expectRefused(res, 400, 'VALIDATION_FAILED', 'lead');
    expect(await read()).toEqual(before);
  });

  it.each(['99999999999999999999', '1e300', '2147483648'])('page=%s is refused as out of range', async (page) => {
    const res = await t.http.get(`/api/v1/incoming-documents?page=${page}`).set(w.users.officeClerk.auth);
    expectRefused(res, 400, 'VALIDATION_FAILED', 'page');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=XX'])(
    'a %s body on a JSON route is refused with 415 and creates nothing',
    async (type) => {
      const before = (await get('/api/v1/departments?pageSize=100')).total;
      const res = await t.http.post('/api/v1/departments').set(w.users.admin.auth).set('Content-Type', type)
        .send(type.startsWith('multipart') ? '--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\nPhòng X\r\n--XX--\r\n' : 'name=Phong&code=PX&kind=department');
      expectRefused(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect((await get('/api/v1/departments?pageSize=100')).total).toBe(before);
    },
  );

  it('a non-JSON body on login is refused with 415', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('username=vanthu');
    expectRefused(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['login (no token)', '/api/v1/auth/login', false],
    ['department creation', '/api/v1/departments', true],
  ])('JSON nested 3,000 levels deep is refused on %s before it is parsed', async (_what, path, signedIn) => {
    const deep = `{"username":${'['.repeat(3000)}${']'.repeat(3000)},"password":"x"}`;
    const req = t.http.post(path).set('Content-Type', 'application/json');
    if (signedIn) req.set(w.users.admin.auth);
    const res = await req.send(deep);
    expectRefused(res, 400, 'VALIDATION_FAILED', 'body');
    await t.http.get('/health/live').expect(200);
  });

  it('a JSON body over 1 MB is refused with 413', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'a'.repeat(1_100_000), password: 'x' }));
    expectRefused(res, 413, 'PAYLOAD_TOO_LARGE');
  });
});
