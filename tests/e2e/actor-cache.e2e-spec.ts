import { incomingBody } from '../factories/incoming.factory';
import { createTanBinhWard, TEST_PASSWORD } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const IN = '/api/v1/incoming-documents';

/**
 * The guard keeps the acting user and their ability for a few seconds (src/common/auth/actor-cache.ts). Whatever the
 * actor is built from may change between two requests of the same token; the very next request must see it.
 */
describe('the cached actor never outlives a change to what it was built from', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a role removed by the administrator: the next request of the same token is refused (403), and allowed again once the role is back', async () => {
    const w = await createTanBinhWard(t);
    const clerk = w.users.officeClerk;
    await t.http.post(IN).set(clerk.auth).send(incomingBody()).expect(201);
    await t.http.put(`/api/v1/users/${clerk.id}/roles`).set(w.users.admin.auth).send({ roles: [] }).expect(200);
    const refused = await t.http.post(IN).set(clerk.auth).send(incomingBody()).expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const me = await t.http.get('/api/v1/auth/me').set(clerk.auth).expect(200);
    expect(me.body.roles).toEqual([]);
    await t.http.put(`/api/v1/users/${clerk.id}/roles`).set(w.users.admin.auth)
      .send({ roles: [{ role: 'clerk', departmentId: w.departments.office.id }] }).expect(200);
    await t.http.post(IN).set(clerk.auth).send(incomingBody()).expect(201);
  });

  it('a change made in the database outside the service (account disabled by SQL) is seen by the next request (401)', async () => {
    const w = await createTanBinhWard(t);
    const clerk = w.users.officeClerk;
    await t.http.get('/api/v1/auth/me').set(clerk.auth).expect(200);
    await t.ds.query(`UPDATE users SET disabled = true WHERE id = $1`, [clerk.id]);
    await t.http.get('/api/v1/auth/me').set(clerk.auth).expect(401);
    await t.ds.query(`UPDATE users SET disabled = false WHERE id = $1`, [clerk.id]);
    await t.http.get('/api/v1/auth/me').set(clerk.auth).expect(200);
  });

  it('a role given to a colleague of the same ward changes that colleague at once, and a session ended by logout stops at once', async () => {
    const w = await createTanBinhWard(t);
    const s = (await t.http.post('/api/v1/auth/login').send({ username: w.users.ktSpecialist.username, password: TEST_PASSWORD }).expect(200)).body;
    const bearer = { Authorization: `Bearer ${s.accessToken}` };
    await t.http.post(IN).set(bearer).send(incomingBody()).expect(403);
    await t.http.put(`/api/v1/users/${w.users.ktSpecialist.id}/roles`).set(w.users.admin.auth)
      .send({ roles: [{ role: 'clerk', departmentId: w.departments.office.id }] }).expect(200);
    await t.http.post(IN).set(bearer).send(incomingBody()).expect(201);
    await t.http.post('/api/v1/auth/logout').set(bearer).send({ refreshToken: s.refreshToken }).expect(204);
    await t.http.get('/api/v1/auth/me').set(bearer).expect(401);
  });

  it('signing rules replaced by the administrator reach the signer\'s next request', async () => {
    const w = await createTanBinhWard(t);
    const before = (await t.http.get('/api/v1/auth/me').set(w.users.chairman.auth).expect(200)).body;
    await t.ds.query(`DELETE FROM signing_rules WHERE organization_id = $1`, [w.org.id]);
    const after = (await t.http.get('/api/v1/auth/me').set(w.users.chairman.auth).expect(200)).body;
    const signs = (me: { rules: unknown[] }) => JSON.stringify(me.rules).includes('"sign"');
    expect(signs(before)).toBe(true);
    expect(signs(after)).toBe(false);
  });
});
