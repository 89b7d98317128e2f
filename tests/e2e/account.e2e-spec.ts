import { Secret, TOTP } from 'otpauth';
import { createOrganization, createTanBinhWard, createUser, TEST_PASSWORD } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const NEW_PASSWORD = 'Cay-Bang-Truoc-Ngo#7';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const totpAt = (secret: string, instant: string, offsetSeconds = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), period: 30, timestamp: new Date(instant).getTime() + offsetSeconds * 1000 });

describe('account: password change, admin reset, sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set(null));

  const login = (username: string, password: string, ua = 'jest') =>
    t.http.post('/api/v1/auth/login').set('User-Agent', ua).send({ username, password });

  it('changing the password revokes the other sessions at once and keeps this one; the old password stops working', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const here = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    const elsewhere = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    await t.http.post('/api/v1/auth/change-password').set(bearer(here.accessToken))
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }).expect(204);
    await t.http.get('/api/v1/auth/me').set(bearer(elsewhere.accessToken)).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: elsewhere.refreshToken }).expect(401);
    await t.http.get('/api/v1/auth/me').set(bearer(here.accessToken)).expect(200);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: here.refreshToken }).expect(200);
    await login(u.username, TEST_PASSWORD).expect(401);
    await login(u.username, NEW_PASSWORD).expect(200);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'auth.password_changed'`, [u.id]);
    expect(n).toBe(1);
  });

  it('refuses a wrong current password and a weak new one with Vietnamese messages, changing nothing', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const s = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    const wrong = await t.http.post('/api/v1/auth/change-password').set(bearer(s.accessToken))
      .send({ currentPassword: 'khong-phai-mat-khau', newPassword: NEW_PASSWORD }).expect(400);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' });
    for (const weak of ['12345678', 'password1234', `${u.username}-2025-abc`]) {
      const res = await t.http.post('/api/v1/auth/change-password').set(bearer(s.accessToken))
        .send({ currentPassword: TEST_PASSWORD, newPassword: weak }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details[0].field).toBe('newPassword');
      expect(res.body.error.message).toMatch(/Mật khẩu chưa đạt yêu cầu/);
    }
    await login(u.username, TEST_PASSWORD).expect(200);
  });

  it('admin reset → the login says mustChangePassword → every other route is 403 PASSWORD_CHANGE_REQUIRED → after the change all works', async () => {
    const w = await createTanBinhWard(t);
    const clerk = w.users.officeClerk;
    const before = (await login(clerk.username, TEST_PASSWORD).expect(200)).body;
    expect(before.mustChangePassword).toBe(false);
    const reset = await t.http.post(`/api/v1/users/${clerk.id}/reset-password`).set(w.users.admin.auth).expect(200);
    const temporary: string = reset.body.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    // The reset ends the user's sessions and the old password.
    await t.http.get('/api/v1/auth/me').set(bearer(before.accessToken)).expect(401);
    await login(clerk.username, TEST_PASSWORD).expect(401);
    const s = (await login(clerk.username, temporary).expect(200)).body;
    expect(s.mustChangePassword).toBe(true);
    const blocked = await t.http.get('/api/v1/incoming-documents').set(bearer(s.accessToken)).expect(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(blocked.body.error.message).toMatch(/đổi mật khẩu/);
    await t.http.get('/api/v1/auth/sessions').set(bearer(s.accessToken)).expect(403);
    await t.http.get('/api/v1/auth/me').set(bearer(s.accessToken)).expect(200);
    await t.http.post('/api/v1/auth/change-password').set(bearer(s.accessToken)).send({ currentPassword: temporary, newPassword: NEW_PASSWORD }).expect(204);
    await t.http.get('/api/v1/incoming-documents').set(bearer(s.accessToken)).expect(200);
    const again = (await login(clerk.username, NEW_PASSWORD).expect(200)).body;
    expect(again.mustChangePassword).toBe(false);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'user.password_reset'`, [clerk.id]);
    expect(n).toBe(1);
  });

  it('only an administrator resets passwords, and never across organizations (404)', async () => {
    const w = await createTanBinhWard(t);
    const other = await createOrganization(t);
    const stranger = await createUser(t, other, { roles: [] });
    const res = await t.http.post(`/api/v1/users/${w.users.admin.id}/reset-password`).set(w.users.officeClerk.auth).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    await t.http.post(`/api/v1/users/${stranger.id}/reset-password`).set(w.users.admin.auth).expect(404);
    await login(stranger.username, TEST_PASSWORD).expect(200);
  });

  it('lists the caller’s sessions; revoking one refuses its access and refresh tokens at once; another user’s session is 404', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const other = await createUser(t, org, { roles: [] });
    const phone = (await login(u.username, TEST_PASSWORD, 'Mozilla/5.0 (Android) Phone').expect(200)).body;
    const desk = (await login(u.username, TEST_PASSWORD, 'Mozilla/5.0 (Windows) Desktop').expect(200)).body;
    const list = (await t.http.get('/api/v1/auth/sessions').set(bearer(desk.accessToken)).expect(200)).body.items;
    expect(list).toHaveLength(2);
    const phoneSession = list.find((s: { userAgent: string }) => s.userAgent === 'Mozilla/5.0 (Android) Phone');
    expect(phoneSession).toMatchObject({ current: false, ip: expect.any(String), createdAt: expect.any(String), lastUsedAt: expect.any(String) });
    expect(list.find((s: { userAgent: string }) => s.userAgent === 'Mozilla/5.0 (Windows) Desktop').current).toBe(true);
    const otherSession = (await login(other.username, TEST_PASSWORD).expect(200)).body;
    const otherId = (await t.http.get('/api/v1/auth/sessions').set(bearer(otherSession.accessToken)).expect(200)).body.items[0].id;
    await t.http.delete(`/api/v1/auth/sessions/${otherId}`).set(bearer(desk.accessToken)).expect(404);
    await t.http.get('/api/v1/auth/me').set(bearer(otherSession.accessToken)).expect(200);

    await t.http.delete(`/api/v1/auth/sessions/${phoneSession.id}`).set(bearer(desk.accessToken)).expect(204);
    await t.http.get('/api/v1/auth/me').set(bearer(phone.accessToken)).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: phone.refreshToken }).expect(401);
    const after = (await t.http.get('/api/v1/auth/sessions').set(bearer(desk.accessToken)).expect(200)).body.items;
    expect(after.map((s: { id: string }) => s.id)).not.toContain(phoneSession.id);
    await t.http.get('/api/v1/auth/me').set(bearer(desk.accessToken)).expect(200);
  });
});

describe('account: two-factor sign-in (TOTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set(null));

  const login = (username: string, password: string) => t.http.post('/api/v1/auth/login').send({ username, password });

  it('enrol, confirm with a computed code, then sign in in two steps; a wrong or replayed code is refused, the next code works', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const now = '2025-07-07T08:00:10+07:00';
    t.clock.set(now);
    const s = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    const enrol = (await t.http.post('/api/v1/auth/mfa/enroll').set(bearer(s.accessToken)).expect(200)).body;
    expect(enrol.otpauthUrl).toMatch(/^otpauth:\/\/totp\/vanthu:.+secret=/);
    const [{ mfa_pending_secret_enc: stored }] = await t.ds.query(`SELECT mfa_pending_secret_enc FROM users WHERE id = $1`, [u.id]);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(enrol.secret);
    const bad = await t.http.post('/api/v1/auth/mfa/confirm').set(bearer(s.accessToken)).send({ code: totpAt(enrol.secret, now, 600) }).expect(400);
    expect(bad.body.error.details[0].field).toBe('code');
    await t.http.post('/api/v1/auth/mfa/confirm').set(bearer(s.accessToken)).send({ code: totpAt(enrol.secret, now) }).expect(200, { mfaEnabled: true });

    // The password alone no longer gives tokens.
    t.clock.set('2025-07-07T08:00:40+07:00');
    const step1 = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    expect(step1).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    const wrong = await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: step1.mfaToken, code: totpAt(enrol.secret, now, 3600) }).expect(401);
    expect(wrong.body.error.code).toBe('MFA_CODE_INVALID');
    const code = totpAt(enrol.secret, '2025-07-07T08:00:40+07:00');
    const pair = (await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: step1.mfaToken, code }).expect(200)).body;
    await t.http.get('/api/v1/auth/me').set(bearer(pair.accessToken)).expect(200);
    // The challenge is single use, and the same code cannot open a second login within its window.
    await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: step1.mfaToken, code }).expect(401);
    const step2 = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    const replay = await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: step2.mfaToken, code }).expect(401);
    expect(replay.body.error).toMatchObject({ code: 'MFA_CODE_INVALID', message: expect.stringMatching(/đã được dùng/) });
    await t.http.post('/api/v1/auth/login/mfa').send({ mfaToken: step2.mfaToken, code: totpAt(enrol.secret, '2025-07-07T08:00:40+07:00', 30) }).expect(200);
  });

  it('a role the organization requires two-factor for gets an enrolment-only token, which opens nothing else, and confirming gives a session', async () => {
    const w = await createTanBinhWard(t);
    await t.http.put('/api/v1/organization/security-policy').set(w.users.admin.auth).send({ mfaRequiredRoles: ['chairman', 'office_head'] })
      .expect(200, { organizationId: w.org.id, mfaRequiredRoles: ['chairman', 'office_head'], isDefault: false });
    await t.http.put('/api/v1/organization/security-policy').set(w.users.chairman.auth).send({ mfaRequiredRoles: [] }).expect(403);
    await t.http.put('/api/v1/organization/security-policy').set(w.users.admin.auth).send({ mfaRequiredRoles: ['nobody'] }).expect(400);
    // A specialist is not concerned.
    expect((await login(w.users.officeSpecialist.username, TEST_PASSWORD).expect(200)).body.accessToken).toEqual(expect.any(String));
    const res = (await login(w.users.chiefOfOffice.username, TEST_PASSWORD).expect(200)).body;
    expect(res).toMatchObject({ mfaEnrollmentRequired: true, enrollmentToken: expect.any(String), expiresIn: 600, message: expect.stringMatching(/xác thực hai bước/) });
    expect(res.accessToken).toBeUndefined();
    const limited = bearer(res.enrollmentToken);
    const refused = await t.http.get('/api/v1/incoming-documents').set(limited).expect(403);
    expect(refused.body.error.code).toBe('MFA_ENROLLMENT_REQUIRED');
    await t.http.get('/api/v1/auth/sessions').set(limited).expect(403);
    await t.http.get('/api/v1/auth/me').set(limited).expect(200);
    const enrol = (await t.http.post('/api/v1/auth/mfa/enroll').set(limited).expect(200)).body;
    const now = new Date().toISOString();
    const done = (await t.http.post('/api/v1/auth/mfa/confirm').set(limited).send({ code: totpAt(enrol.secret, now) }).expect(200)).body;
    expect(done).toMatchObject({ mfaEnabled: true, session: { accessToken: expect.any(String), refreshToken: expect.any(String), mustChangePassword: false } });
    await t.http.get('/api/v1/incoming-documents').set(bearer(done.session.accessToken)).expect(200);
    expect((await login(w.users.chiefOfOffice.username, TEST_PASSWORD).expect(200)).body.mfaRequired).toBe(true);
  });

  it('an administrator can turn two-factor off with a reset (lost phone); the user list shows who has it', async () => {
    const w = await createTanBinhWard(t);
    const u = w.users.viceChairman;
    const s = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    const enrol = (await t.http.post('/api/v1/auth/mfa/enroll').set(bearer(s.accessToken)).expect(200)).body;
    await t.http.post('/api/v1/auth/mfa/confirm').set(bearer(s.accessToken)).send({ code: totpAt(enrol.secret, new Date().toISOString()) }).expect(200);
    expect((await t.http.get(`/api/v1/users/${u.id}`).set(w.users.admin.auth).expect(200)).body).toMatchObject({ mfaEnabled: true, mustChangePassword: false });
    // A plain reset keeps the second factor.
    const plain = (await t.http.post(`/api/v1/users/${u.id}/reset-password`).set(w.users.admin.auth).send({}).expect(200)).body;
    expect((await login(u.username, plain.temporaryPassword).expect(200)).body.mfaRequired).toBe(true);
    const full = (await t.http.post(`/api/v1/users/${u.id}/reset-password`).set(w.users.admin.auth).send({ resetMfa: true }).expect(200)).body;
    const after = (await login(u.username, full.temporaryPassword).expect(200)).body;
    expect(after).toMatchObject({ mustChangePassword: true, accessToken: expect.any(String) });
    expect((await t.http.get(`/api/v1/users/${u.id}`).set(w.users.admin.auth).expect(200)).body).toMatchObject({ mfaEnabled: false, mustChangePassword: true });
  });

  it('the OpenAPI document describes the three login answers and every account route', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    const login = doc.paths['/api/v1/auth/login'].post.responses['200'].content['application/json'].schema;
    expect(login.oneOf.map((r: { $ref: string }) => r.$ref.split('/').pop()).sort())
      .toEqual(['MfaChallengeResponseDto', 'MfaEnrollmentRequiredResponseDto', 'TokenPairResponseDto']);
    expect(doc.components.schemas.TokenPairResponseDto.required).toContain('mustChangePassword');
    const ops = ['/api/v1/auth/login/mfa', '/api/v1/auth/change-password', '/api/v1/auth/mfa/enroll', '/api/v1/auth/mfa/confirm',
      '/api/v1/users/{id}/reset-password'].map((path) => doc.paths[path].post.operationId);
    expect(ops).toEqual(['loginWithMfaCode', 'changeOwnPassword', 'enrollMfa', 'confirmMfa', 'resetUserPassword']);
    expect(doc.paths['/api/v1/auth/sessions'].get.operationId).toBe('listOwnSessions');
    expect(doc.paths['/api/v1/auth/sessions/{id}'].delete.operationId).toBe('revokeOwnSession');
    expect(doc.paths['/api/v1/organization/security-policy'].put.operationId).toBe('updateSecurityPolicy');
  });

  it('reads the default policy: none outside production unless MFA_DEFAULT says so', async () => {
    const w = await createTanBinhWard(t);
    await t.http.get('/api/v1/organization/security-policy').set(w.users.admin.auth).expect(200, { organizationId: w.org.id, mfaRequiredRoles: [], isDefault: true });
  });
});

describe('account: production default requires two-factor for signers and admins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ MFA_DEFAULT: 'signers-and-admins' });
  });
  afterAll(() => t.close());

  it('the chairman, vice chairman, office head and admin must enrol; a clerk signs in directly', async () => {
    const w = await createTanBinhWard(t);
    for (const key of ['chairman', 'viceChairman', 'chiefOfOffice', 'admin'] as const) {
      const res = await t.http.post('/api/v1/auth/login').send({ username: w.users[key].username, password: TEST_PASSWORD }).expect(200);
      expect({ key, required: res.body.mfaEnrollmentRequired }).toEqual({ key, required: true });
    }
    const clerk = await t.http.post('/api/v1/auth/login').send({ username: w.users.officeClerk.username, password: TEST_PASSWORD }).expect(200);
    expect(clerk.body.accessToken).toEqual(expect.any(String));
    await t.http.get('/api/v1/organization/security-policy').set(w.users.admin.auth)
      .expect(200, { organizationId: w.org.id, mfaRequiredRoles: ['admin', 'chairman', 'vice_chairman', 'office_head'], isDefault: true });
  });
});
