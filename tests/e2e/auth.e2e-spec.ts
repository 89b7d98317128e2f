import { createHmac } from 'node:crypto';
import { createOrganization, createUser, TEST_PASSWORD } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set(null));

  const login = (username: string, password: string) => t.http.post('/api/v1/auth/login').send({ username, password });

  it('logs in and returns a token pair with a short-lived access token and the user', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [{ role: 'admin' }], fullName: 'Nguyễn Văn An' });
    const res = await login(u.username, TEST_PASSWORD).expect(200);
    expect(res.body).toMatchObject({ expiresIn: 900, user: { id: u.id, fullName: 'Nguyễn Văn An', organizationId: org.id } });
    const [, payload] = res.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
    expect(claims).toMatchObject({ iss: 'vanthu', aud: 'vanthu-api', sub: u.id });
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: u.id, username: u.username, roles: [{ role: 'admin', departmentId: null }] });
    expect(Array.isArray(me.body.rules) && me.body.rules.length).toBeGreaterThan(0);
  });

  it('gives the same message for an unknown user and a wrong password', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const unknown = await login(`khong-ton-tai-${Date.now()}`, TEST_PASSWORD).expect(401);
    const wrong = await login(u.username, 'sai-mat-khau').expect(401);
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.error).toMatchObject({ code: unknown.body.error.code, message: unknown.body.error.message });
    expect(wrong.body.error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('after five failures in a row from one address that address waits (423 with Retry-After, 1 s then doubling), then may try again', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    t.clock.set('2025-07-07T08:00:00+07:00');
    for (let i = 0; i < 5; i++) await login(u.username, 'sai-mat-khau').expect(401);
    const locked = await login(u.username, TEST_PASSWORD).expect(423);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.headers['retry-after']).toBe('1');
    expect(locked.body.error.message).toMatch(/thử lại sau 1 giây/);
    t.clock.set('2025-07-07T08:00:01+07:00');
    await login(u.username, 'sai-mat-khau').expect(401);
    const longer = await login(u.username, TEST_PASSWORD).expect(423);
    expect(longer.headers['retry-after']).toBe('2');
    t.clock.set('2025-07-07T08:00:02.500+07:00');
    await login(u.username, TEST_PASSWORD).expect(423);
    t.clock.set('2025-07-07T08:00:03+07:00');
    await login(u.username, TEST_PASSWORD).expect(200);
  });

  it('a successful login resets the failure count', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    for (let i = 0; i < 4; i++) await login(u.username, 'sai').expect(401);
    await login(u.username, TEST_PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await login(u.username, 'sai').expect(401);
    await login(u.username, TEST_PASSWORD).expect(200);
  });

  it('rotates refresh tokens: the old one stops working, and reusing it revokes the whole family', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const first = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    const second = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(200);
    // Someone replays the first token (stolen copy): the family is revoked, including the legitimate newer tokens.
    const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reuse.body.error.code).toBe('TOKEN_REUSED');
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(401);
    // Another login (another family) is unaffected.
    const other = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
  });

  it('logout ends the session: its refresh token and access token stop working', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const s = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${s.accessToken}`).send({}).expect(204);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${s.accessToken}`).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
  });

  it('refuses a token with alg "none", a forged signature, a wrong audience or an expired one', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [{ role: 'admin' }] });
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: u.id, typ: 'access', sid: null, iss: 'vanthu', aud: 'vanthu-api', iat: now, exp: now + 600 };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const sign = (c: object, secret: string) => {
      const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(c)}`;
      return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    };
    const forged = sign(claims, 'not-the-server-secret-not-the-server-secret');
    const wrongAudience = sign({ ...claims, aud: 'other' }, t.config.jwtSecret);
    const expired = sign({ ...claims, iat: now - 2000, exp: now - 1000 }, t.config.jwtSecret);
    const good = sign(claims, t.config.jwtSecret);
    for (const token of [none, forged, wrongAudience, expired]) {
      const res = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${good}`).expect(200);
  });

  it('a disabled account cannot log in and its sessions stop at once', async () => {
    const org = await createOrganization(t);
    const u = await createUser(t, org, { roles: [] });
    const s = (await login(u.username, TEST_PASSWORD).expect(200)).body;
    await t.http.patch(`/api/v1/users/${u.id}`).set(org.admin.auth).send({ disabled: true }).expect(200);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${s.accessToken}`).expect(401);
    const res = await login(u.username, TEST_PASSWORD).expect(401);
    expect(res.body.error.message).toMatch(/bị khóa bởi quản trị viên/);
  });
});

describe('rate limit on /auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit per address, and lets the next window through', async () => {
    t.clock.set('2025-07-07T08:00:10+07:00');
    for (let i = 0; i < 5; i++) await t.http.post('/api/v1/auth/login').send({ username: 'x', password: 'y' }).expect(401);
    const limited = await t.http.post('/api/v1/auth/login').send({ username: 'x', password: 'y' }).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBe(50);
    t.clock.set('2025-07-07T08:01:00+07:00');
    await t.http.post('/api/v1/auth/login').send({ username: 'x', password: 'y' }).expect(401);
  });

  it('only the routes that take a secret spend the budget: reading /auth/me and the sessions is never limited', async () => {
    t.clock.set('2025-07-07T09:00:05+07:00');
    const org = await createOrganization(t);
    const user = await createUser(t, org, { roles: [] });
    for (let i = 0; i < 8; i++) {
      await t.http.get('/api/v1/auth/me').set(user.auth).expect(200);
      await t.http.get('/api/v1/auth/sessions').set(user.auth).expect(200);
    }
    // The whole budget of 5 is still there (a wrong password: 401, or 423 once that account's back-off starts).
    for (let i = 0; i < 5; i++) {
      expect([401, 423]).toContain((await t.http.post('/api/v1/auth/login').send({ username: `khong-co-${i}`, password: 'y' })).status);
    }
    await t.http.post('/api/v1/auth/login').send({ username: 'khong-co-6', password: 'y' }).expect(429);
  });
});

describe('concurrent logins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('forty simultaneous logins and failures in one ward all answer, and the audit chain stays one unbroken line', async () => {
    const org = await createOrganization(t);
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser(t, org, { roles: [] })));
    const attempts = Array.from({ length: 40 }, (_, i) => {
      const u = users[i % users.length];
      return t.http.post('/api/v1/auth/login').send({ username: u.username, password: i % 3 === 0 ? 'sai-mat-khau' : TEST_PASSWORD });
    });
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(26);
    expect(statuses.filter((s) => s === 401)).toHaveLength(14);
    const v = await t.http.get('/api/v1/audit-log/verify').set(org.admin.auth).expect(200);
    expect(v.body).toMatchObject({ ok: true, brokenAt: null });
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain_key = $1 AND action LIKE 'auth.%'`, [org.id]);
    expect(n).toBe(40);
  });
});
