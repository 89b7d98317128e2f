import { createDepartment, createOrganization, createUser, TEST_PASSWORD, TestOrg, TestUser } from '../../factories/ward.factory';
import { INCOMING_OTHER_ORG_FIXTURES } from '../../factories/incoming.factory';
import { OUTGOING_OTHER_ORG_FIXTURES } from '../../factories/outgoing.factory';
import { TASKS_OTHER_ORG_FIXTURES } from '../../factories/tasks.factory';
import { LEGACY_IMPORT_OTHER_ORG_FIXTURES } from '../../factories/legacy-import.factory';
import { makePdf } from '../../fixtures/pdf-fixtures';
import type { TestApp } from '../../setup/test-app';
import { localDate } from '../../../src/common/time/local-date';

/**
 * For every route with an :id (and other id parameters), how to make a record of that kind in ANOTHER organization.
 * The route-matrix test calls each such route as a fully privileged user of the first organization with these ids and
 * expects 404. A new `:id` route without an entry here fails the test: add one with the module.
 */
export interface OtherOrgContext {
  t: TestApp;
  other: TestOrg;
  /** A user of the other organization holding every role, to create records there through the API. */
  otherPowerUser: TestUser;
  otherDepartmentId: string;
}

/** The ids to put in the path (by parameter name; `id` fills any unnamed one) and, where the route validates one, a valid body. */
export type IdFixture = (ctx: OtherOrgContext) => Promise<{ ids: Record<string, string>; body?: object }>;

export const OTHER_ORG_FIXTURES: Record<string, IdFixture> = {
  '/api/v1/organizations/:id': async ({ other }) => ({ ids: { id: other.id } }),
  '/api/v1/departments/:id': async ({ otherDepartmentId }) => ({ ids: { id: otherDepartmentId }, body: { name: 'Phòng đổi tên' } }),
  '/api/v1/users/:id': async ({ otherPowerUser }) => ({ ids: { id: otherPowerUser.id }, body: { fullName: 'Đổi tên' } }),
  '/api/v1/users/:id/roles': async ({ otherPowerUser }) => ({ ids: { id: otherPowerUser.id }, body: { roles: [] } }),
  '/api/v1/users/:id/reset-password': async ({ otherPowerUser }) => ({ ids: { id: otherPowerUser.id } }),
  // A session of another organization's user (one's own sessions are the only ones anyone can revoke).
  '/api/v1/auth/sessions/:id': async ({ t, other }) => {
    const u = await createUser(t, other, { roles: [] });
    const s = await t.http.post('/api/v1/auth/login').send({ username: u.username, password: TEST_PASSWORD }).expect(200);
    const list = await t.http.get('/api/v1/auth/sessions').set('Authorization', `Bearer ${s.body.accessToken}`).expect(200);
    return { ids: { id: list.body.items[0].id } };
  },
  '/api/v1/delegations/:id': async ({ t, other, otherPowerUser }) => {
    const unit = await createDepartment(t, other, { name: 'Phòng nhận ủy quyền' });
    const to = await createUser(t, other, { roles: [{ role: 'head', departmentId: unit.id }] }); // TUQ. goes to a unit head
    // The ward's day (Asia/Ho_Chi_Minh), not UTC's: from 17:00 UTC they differ and a UTC date is already yesterday there.
    const today = localDate(t.clock.now());
    const res = await t.http.post('/api/v1/delegations').set(otherPowerUser.auth)
      .send({ fromUserId: otherPowerUser.id, toUserId: to.id, validFrom: today, validTo: today, reason: 'Đi công tác' }).expect(201);
    return { ids: { id: res.body.id } };
  },
  '/api/v1/files/:id': async ({ t, otherPowerUser }) => {
    const res = await t.http.post('/api/v1/files').set(otherPowerUser.auth)
      .attach('file', await makePdf(), { filename: 'khac-don-vi.pdf', contentType: 'application/pdf' }).expect(201);
    return { ids: { id: res.body.id } };
  },
  // An export asked for by a user of the other organization (only its requester ever sees it).
  '/api/v1/exports/:id': async ({ t, otherPowerUser }) => ({ ids: { id: await otherOrgExport(t, otherPowerUser) } }),
  '/api/v1/exports/:id/file': async ({ t, otherPowerUser }) => ({ ids: { id: await otherOrgExport(t, otherPowerUser) } }),
  ...INCOMING_OTHER_ORG_FIXTURES,
  ...TASKS_OTHER_ORG_FIXTURES,
  ...OUTGOING_OTHER_ORG_FIXTURES,
  ...LEGACY_IMPORT_OTHER_ORG_FIXTURES,
};

async function otherOrgExport(t: TestApp, user: TestUser): Promise<string> {
  const res = await t.http.post('/api/v1/exports').set(user.auth).send({ kind: 'summary', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }).expect(202);
  return res.body.id as string;
}

export async function makeOtherOrg(t: TestApp): Promise<OtherOrgContext> {
  const other = await createOrganization(t);
  const office = await createDepartment(t, other, { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' });
  const dept = await createDepartment(t, other);
  const otherPowerUser = await createUser(t, other, {
    roles: [{ role: 'admin' }, { role: 'chairman' }, { role: 'clerk', departmentId: office.id }, { role: 'head', departmentId: dept.id }],
    positionTitle: 'Chủ tịch',
  });
  return { t, other, otherPowerUser, otherDepartmentId: dept.id };
}
