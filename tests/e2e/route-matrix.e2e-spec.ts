import { createDepartment, createOrganization, createUser } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { makeOtherOrg, OTHER_ORG_FIXTURES } from './route-matrix/other-org-fixtures';
import { listRoutes } from './route-matrix/routes';

describe('route matrix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every route declares an ability or is explicitly public', () => {
    const routes = listRoutes(t);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.access === 'none').map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const publicRoutes = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`).sort();
    expect(publicRoutes).toEqual([
      'GET /api/v1/health', 'GET /api/v1/health/live', 'GET /api/v1/health/ready', 'GET /api/v1/metrics',
      // Authenticates itself (bearer or single-use ticket: EventSource cannot send headers) — docs/NOTIFICATIONS.md.
      'GET /api/v1/notifications/stream',
      'POST /api/v1/auth/login', 'POST /api/v1/auth/login/mfa', 'POST /api/v1/auth/refresh',
      // The axis pushes edXML packages with its own bearer token (EXCHANGE_INBOUND_TOKEN) — docs/EXCHANGE.md.
      'POST /api/v1/exchange/inbound',
    ]);
  });

  it('every route except the public ones refuses a request without a token', async () => {
    for (const r of listRoutes(t).filter((x) => x.access !== 'public')) {
      const path = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await (t.http as unknown as Record<string, (p: string) => Promise<{ status: number; body: { error: { code: string } } }>>)[r.method.toLowerCase()](path);
      expect({ route: `${r.method} ${r.path}`, status: res.status, code: res.body.error?.code }).toEqual({
        route: `${r.method} ${r.path}`, status: 401, code: 'UNAUTHENTICATED',
      });
    }
  });

  it('every route with an id answers 404 for another organization\'s record, even to a user holding every role', async () => {
    const mine = await createOrganization(t);
    const office = await createDepartment(t, mine, { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' });
    const dept = await createDepartment(t, mine);
    const power = await createUser(t, mine, {
      roles: [{ role: 'admin' }, { role: 'chairman' }, { role: 'clerk', departmentId: office.id }, { role: 'head', departmentId: dept.id }],
    });
    const ctx = await makeOtherOrg(t);
    const idRoutes = listRoutes(t).filter((r) => /:[A-Za-z]+/.test(r.path) && r.access !== 'public');
    const missing = [...new Set(idRoutes.map((r) => r.path))].filter((p) => !OTHER_ORG_FIXTURES[p]);
    expect(missing).toEqual([]);
    for (const r of idRoutes) {
      const { ids, body } = await OTHER_ORG_FIXTURES[r.path](ctx);
      const path = r.path.replace(/:([A-Za-z]+)/g, (_, name: string) => ids[name] ?? ids.id);
      const res = await (t.http as unknown as Record<string, (p: string) => { set: (h: object) => { send: (b: object) => Promise<{ status: number }> } }>)[r.method.toLowerCase()](path)
        .set(power.auth).send(body ?? {});
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 404 });
    }
  });
});
