import { AUDIT_ACTIONS } from '../../src/modules/audit/audit-actions';
import { createTanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { AUDIT_FIXTURES, type AuditContext, makeSystemAdmin, NOT_STATE_CHANGING } from './audit-coverage/audit-fixtures';
import { listRoutes } from './route-matrix/routes';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('audit coverage: every route that changes state leaves exactly one audit row with its action', () => {
  let t: TestApp;
  let ctx: AuditContext;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T03:00:00Z');
    ctx = { t, w: await createTanBinhWard(t), systemAdmin: await makeSystemAdmin(t) };
  });
  afterAll(() => t.close());

  const stateChanging = () => listRoutes(t).filter((r) => STATE_CHANGING.has(r.method)).map((r) => `${r.method} ${r.path}`)
    .filter((k) => !NOT_STATE_CHANGING[k]);

  it('every state-changing route has an audit fixture (a new route must register one)', () => {
    const routes = stateChanging();
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((k) => !AUDIT_FIXTURES[k])).toEqual([]);
    expect(Object.keys(AUDIT_FIXTURES).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('the one list of audit actions names each action once', () => {
    expect(AUDIT_ACTIONS.filter((a, i) => AUDIT_ACTIONS.indexOf(a) !== i)).toEqual([]);
  });

  it('each state-changing request writes exactly its audit row(s), and the chain still verifies', async () => {
    const outcomes: { route: string; status: number; actions: string[] }[] = [];
    const expected: { route: string; status: number; actions: string[] }[] = [];
    for (const route of stateChanging()) {
      const fixture = AUDIT_FIXTURES[route];
      if (!fixture) continue;
      const step = await fixture(ctx);
      const [{ max }] = (await t.ds.query(`SELECT coalesce(max(id), 0)::bigint AS max FROM audit_log`)) as { max: string }[];
      const res = await step.act();
      const rows = (await t.ds.query(`SELECT action FROM audit_log WHERE id > $1 ORDER BY id`, [max])) as { action: string }[];
      const status = res.status < 300 ? 200 : res.status;
      outcomes.push({ route, status, actions: rows.map((r) => r.action) });
      expected.push({ route, status: 200, actions: step.expect });
      if (status !== 200) outcomes[outcomes.length - 1].actions.push(JSON.stringify(res.body).slice(0, 300));
    }
    expect(outcomes).toEqual(expected);
    const verify = await t.http.get('/api/v1/audit/verify').set(ctx.w.users.admin.auth).expect(200);
    expect(verify.body).toMatchObject({ ok: true });
  });
});
