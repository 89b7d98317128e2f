import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DEMO_PEOPLE, type DemoPersonKey } from '../../src/demo/demo-ward';
import { IncomingDeliveryService } from '../../src/modules/incoming-documents/incoming-delivery.service';
import { incomingBody } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard, TestUser } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { fullWorklist, key, V2Item } from '../support/worklist';

const IN = '/api/v1/incoming-documents';
const PEOPLE = (Object.keys(DEMO_PEOPLE) as DemoPersonKey[]).filter((k) => k !== 'admin');
const DEPTS = ['office', 'kt', 'vhxh', 'pvhcc'] as const;
type Role = { role: string; departmentId?: string };

/** Role changes an administrator makes: a role removed, a move to another department, a new clerk or head. */
const ROLE_CHANGES: ((w: TanBinhWard) => Role[])[] = [
  () => [],
  (w) => [{ role: 'specialist', departmentId: w.departments.office.id }],
  (w) => [{ role: 'clerk', departmentId: w.departments.kt.id }],
  (w) => [{ role: 'head', departmentId: w.departments.vhxh.id }],
  (w) => [{ role: 'clerk', departmentId: w.departments.vhxh.id }],
];

type Op =
  | { t: 'register'; who: number; flash: boolean }
  | { t: 'deliver'; dept: number }
  | { t: 'act'; who: number; pick: number; a: number; b: number }
  | { t: 'disable'; who: number }
  | { t: 'enable'; who: number }
  | { t: 'roles'; who: number; change: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('register' as const), who: fc.nat(30), flash: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('deliver' as const), dept: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('act' as const), who: fc.nat(30), pick: fc.nat(30), a: fc.nat(30), b: fc.nat(30) }), weight: 8 },
  { arbitrary: fc.record({ t: fc.constant('disable' as const), who: fc.nat(30) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('enable' as const), who: fc.nat(30) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('roles' as const), who: fc.nat(30), change: fc.nat(ROLE_CHANGES.length) }), weight: 2 },
);

/** The ward as the test tracks it: who is active and which roles each person holds now. */
class WardState {
  readonly disabled = new Set<string>();
  readonly roles = new Map<string, Role[]>();
  constructor(readonly w: TanBinhWard) {
    for (const k of PEOPLE) {
      this.roles.set(w.users[k].id, DEMO_PEOPLE[k].roles.map((r) => ({ role: r.role, departmentId: r.dept ? w.departments[r.dept].id : undefined })));
    }
  }
  person(n: number): TestUser { return this.w.users[PEOPLE[n % PEOPLE.length]]; }
  active(): TestUser[] { return PEOPLE.map((k) => this.w.users[k]).filter((u) => !this.disabled.has(u.id)); }
  withRole(role: string[], departmentId?: string | null): TestUser[] {
    return this.active().filter((u) => (this.roles.get(u.id) ?? []).some((r) => role.includes(r.role) && (departmentId === undefined || r.departmentId === departmentId)));
  }
}

describe('the worklist invariant (property-based, issue 10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T03:00:00Z');
  });
  afterAll(() => t.close());

  /** Open items computed from the tables, independently of the worklist's SQL. */
  async function openItems(orgId: string): Promise<{ kind: string; id: string; lineId: string | null }[]> {
    return t.ds.query(
      `SELECT 'incoming' AS kind, id, NULL::uuid AS "lineId" FROM incoming_documents
        WHERE organization_id = $1 AND status IN ('received', 'registered', 'awaiting_direction')
       UNION ALL
       SELECT 'incoming', l.document_id, l.id FROM incoming_lines l
        WHERE l.organization_id = $1 AND l.status IN ('pending', 'in_progress')
          AND NOT EXISTS (SELECT 1 FROM incoming_lines c WHERE c.parent_line_id = l.id AND c.status IN ('pending', 'in_progress'))`, [orgId]);
  }

  /** Every open item is in some active person's worklist — or, when the ward has nobody left for it, readiness says so. */
  async function assertInvariant(s: WardState, log: string[]): Promise<Map<string, V2Item[]>> {
    const lists = new Map<string, V2Item[]>();
    for (const u of s.active()) lists.set(u.id, await fullWorklist(t, u));
    const seen = new Set([...lists.values()].flat().map(key));
    const open = await openItems(s.w.org.id);
    const missing = open.filter((i) => !seen.has(key(i)));
    if (missing.length) {
      const stuck = (await t.http.get('/api/v1/organization/readiness').set(s.w.users.admin.auth).expect(200)).body.stuckItems as { id: string; lineId: string | null; heldBy: string }[];
      const unexplained = missing.filter((m) => !stuck.some((x) => x.id === m.id && (x.lineId ?? null) === m.lineId && x.heldBy === 'nobody'));
      if (unexplained.length) throw new Error(`open items in nobody's worklist: ${JSON.stringify(unexplained)}\nsteps:\n${log.join('\n')}`);
    }
    return lists;
  }

  async function act(s: WardState, op: Extract<Op, { t: 'act' }>, lists: Map<string, V2Item[]>, log: string[]): Promise<void> {
    const holders = s.active().filter((u) => (lists.get(u.id) ?? []).length);
    if (!holders.length) return;
    const user = holders[op.who % holders.length];
    const items = lists.get(user.id) as V2Item[];
    const item = items[op.pick % items.length];
    const line = item.lineId ? `${IN}/${item.id}/lines/${item.lineId}` : null;
    const leaders = s.withRole(['chairman', 'vice_chairman']);
    const depts = DEPTS.map((d) => s.w.departments[d].id);
    const lineDept = async () => {
      const doc = (await t.http.get(`${IN}/${item.id}`).set(user.auth).expect(200)).body as { lines: { id: string; departmentId: string | null; userId: string | null }[] };
      return doc.lines.find((l) => l.id === item.lineId) as { departmentId: string | null; userId: string | null };
    };
    let req: { path: string; body: object } | null = null;
    switch (item.action) {
      case 'register': req = { path: `${IN}/${item.id}/register`, body: {} }; break;
      case 'submit': case 'resubmit':
        if (leaders.length) req = { path: `${IN}/${item.id}/submit`, body: { leaderId: leaders[op.a % leaders.length].id } };
        break;
      case 'direct': {
        const lead = depts[op.a % 4];
        req = { path: `${IN}/${item.id}/direct`, body: { lead: { departmentId: lead }, instruction: 'Xử lý',
          coordinators: op.b % 2 ? [{ departmentId: depts[(op.a + 1) % 4] }] : [], informed: op.b % 3 ? [{ departmentId: depts[(op.a + 2) % 4] }] : [] } };
        break;
      }
      case 'receive': req = { path: `${line}/receive`, body: {} }; break;
      case 'acknowledge': req = { path: `${line}/acknowledge`, body: {} }; break;
      case 'handle': req = { path: `${line}/complete`, body: { result: 'Xong' } }; break;
      case 'assign': {
        const l = await lineDept();
        const staff = s.withRole(['head', 'deputy_head', 'clerk', 'specialist'], l.departmentId);
        req = staff.length && op.b % 3
          ? { path: `${line}/assign`, body: { userId: staff[op.a % staff.length].id, role: op.b % 2 ? 'lead' : 'coordinate' } }
          : { path: `${line}/complete`, body: { result: 'Phòng đã xử lý' } };
        break;
      }
      case 'reassign': {
        const l = await lineDept();
        const staff = s.withRole(['head', 'deputy_head', 'clerk', 'specialist'], l.departmentId ?? undefined).filter((x) => x.id !== l.userId);
        if (staff.length) req = { path: `${line}/reassign`, body: { userId: staff[op.a % staff.length].id } };
        break;
      }
      default: return;
    }
    if (!req) return;
    const res = await t.http.post(req.path).set(user.auth).send(req.body);
    log.push(`  ${PEOPLE.find((k) => s.w.users[k].id === user.id)} ${item.action} → ${res.status}`);
    const refusedForNobody = res.status === 422 && res.body.error?.code === 'DEPARTMENT_HAS_NO_CLERK';
    if (res.status !== 200 && !refusedForNobody) {
      throw new Error(`the worklist showed "${item.action}" but acting failed: ${res.status} ${JSON.stringify(res.body)}\nsteps:\n${log.join('\n')}`);
    }
  }

  async function apply(s: WardState, op: Op, lists: Map<string, V2Item[]>, log: string[]): Promise<void> {
    log.push(JSON.stringify(op));
    const admin = s.w.users.admin.auth;
    if (op.t === 'act') return act(s, op, lists, log);
    if (op.t === 'register') {
      const clerks = s.withRole(['clerk']);
      if (!clerks.length) return;
      const clerk = clerks[op.who % clerks.length];
      const res = await t.http.post(IN).set(clerk.auth).send(incomingBody({ urgency: op.flash ? 'flash' : 'normal' }));
      if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
      return;
    }
    if (op.t === 'deliver') {
      await t.app.get(IncomingDeliveryService).deliverInternal({
        senderOrganizationId: s.w.org.id, senderName: 'Ủy ban nhân dân phường Tân Bình', senderCode: '', recipientOrganizationId: s.w.org.id,
        recipientDepartmentId: s.w.departments[DEPTS[op.dept % 4]].id, outgoingDocumentId: randomUUID(), symbol: `${op.dept + 1}/TB-UBND`,
        documentType: 'THONG_BAO', documentDate: '2025-07-07', summary: 'Thông báo nội bộ', signerName: 'Lê Văn Chánh', signerPosition: 'Chánh Văn phòng',
        urgency: 'normal', confidentiality: 'normal', fileId: null, actorUserId: s.w.users.officeClerk.id,
      });
      return;
    }
    const user = s.person(op.who);
    if (op.t === 'disable' || op.t === 'enable') {
      await t.http.patch(`/api/v1/users/${user.id}`).set(admin).send({ disabled: op.t === 'disable' }).expect(200);
      if (op.t === 'disable') s.disabled.add(user.id); else s.disabled.delete(user.id);
      return;
    }
    const roles = ROLE_CHANGES[op.change % ROLE_CHANGES.length](s.w);
    const res = await t.http.put(`/api/v1/users/${user.id}/roles`).set(admin).send({ roles });
    log.push(`  roles → ${res.status} ${res.status === 200 ? '' : res.body.error?.code}`);
    // The users module may refuse a change (a second head for a department…): then nothing changed.
    if (res.status === 409 || res.status === 422) return;
    if (res.status !== 200) throw new Error(`roles: ${res.status} ${JSON.stringify(res.body)}`);
    s.roles.set(user.id, roles);
  }

  it('after every registration, delivery, line action, disabling and role change, each open item is in an active person\'s worklist who can act on it', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 16 }), async (ops) => {
      const s = new WardState(await createTanBinhWard(t));
      const log: string[] = [];
      let lists = await assertInvariant(s, log);
      for (const op of ops) {
        await apply(s, op, lists, log);
        lists = await assertInvariant(s, log);
      }
    }), { seed: 20250707, numRuns: Number(process.env.INVARIANT_RUNS ?? 10) });
  }, 900_000);
});
