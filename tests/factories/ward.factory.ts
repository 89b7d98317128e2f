import { AbilityFactory } from '../../src/common/authz/ability.factory';
import type { Actor } from '../../src/common/auth/actor';
import type { Role } from '../../src/common/auth/roles';
import { DepartmentsService } from '../../src/modules/organizations/departments.service';
import { OrganizationsService } from '../../src/modules/organizations/organizations.service';
import { UsersService } from '../../src/modules/users/users.service';
import { createDemoWard, DemoPersonKey } from '../../src/demo/demo-ward';
import type { TestApp } from '../setup/test-app';

let counter = 0;
const next = () => `${process.pid}${++counter}${Math.floor(Math.random() * 1e6)}`;

export const TEST_PASSWORD = 'Hoa-Sen-No#2025!';

export interface TestOrg {
  id: string;
  name: string;
  shortName: string;
  placeName: string;
  admin: TestUser;
}

export interface TestUser {
  id: string;
  username: string;
  fullName: string;
  token: string;
  auth: { Authorization: string };
}

const systemActor = (t: TestApp): Actor =>
  t.app.get(AbilityFactory).forActor({
    userId: '00000000-0000-0000-0000-000000000000', sessionId: null, username: 'factory', fullName: 'factory', orgId: null,
    isSystemAdmin: true, departmentId: null, positionTitle: '', timeZone: 'Asia/Ho_Chi_Minh', roles: [], delegations: [], signingRules: [],
  });

const orgAdminActor = (t: TestApp, org: { id: string }, userId: string): Actor =>
  t.app.get(AbilityFactory).forActor({
    userId, sessionId: null, username: 'factory', fullName: 'factory', orgId: org.id, isSystemAdmin: false, departmentId: null,
    positionTitle: '', timeZone: 'Asia/Ho_Chi_Minh', roles: [{ role: 'admin', departmentId: null, departmentKind: null }], delegations: [], signingRules: [],
  });

export function tokenFor(t: TestApp, userId: string): TestUser['auth'] & { token: string } {
  const token = t.tokens.sign(userId, null);
  return { token, Authorization: `Bearer ${token}` };
}

/** An organization (with its default signing rules and registers) and its administrator. */
export async function createOrganization(t: TestApp, overrides: Partial<{ name: string; placeName: string; shortName: string; code: string }> = {}): Promise<TestOrg> {
  const n = next();
  const org = await t.app.get(OrganizationsService).create(systemActor(t), {
    code: overrides.code ?? `000.${n}.H26`,
    name: overrides.name ?? `Ủy ban nhân dân phường Thử Nghiệm ${n}`,
    shortName: overrides.shortName ?? 'UBND',
    placeName: overrides.placeName ?? 'Tân Bình',
    parentName: 'THÀNH PHỐ HỒ CHÍ MINH',
  });
  const admin = await createUser(t, { id: org.id }, { roles: [{ role: 'admin' }], fullName: 'Quản trị đơn vị', positionTitle: 'Quản trị' }, true);
  return { id: org.id, name: org.name, shortName: org.shortName, placeName: org.placeName, admin };
}

export async function createDepartment(t: TestApp, org: TestOrg, d: { name?: string; code?: string; kind?: 'office' | 'department' | 'center' } = {}) {
  const n = next();
  return t.app.get(DepartmentsService).create(orgAdminActor(t, org, org.admin.id), {
    name: d.name ?? `Phòng Thử nghiệm ${n}`,
    code: d.code ?? `P${n.slice(-8)}`.toUpperCase(),
    kind: d.kind ?? 'department',
  });
}

export async function createUser(
  t: TestApp,
  org: { id: string; admin?: TestUser },
  u: { roles: { role: Role; departmentId?: string }[]; fullName?: string; positionTitle?: string; username?: string; departmentId?: string },
  viaSystem = false,
): Promise<TestUser> {
  const n = next();
  const username = u.username ?? `u${n}`;
  const actor = viaSystem || !org.admin ? systemActor(t) : orgAdminActor(t, org, org.admin.id);
  const created = await t.app.get(UsersService).create(actor, {
    username, password: TEST_PASSWORD, fullName: u.fullName ?? `Người dùng ${n}`, positionTitle: u.positionTitle ?? 'Chuyên viên',
    roles: u.roles, departmentId: u.departmentId, organizationId: org.id,
  });
  const { token, Authorization } = tokenFor(t, created.id);
  return { id: created.id, username, fullName: created.fullName, token, auth: { Authorization } };
}

/**
 * A ward shaped like Tân Bình in seed 004 (the same ward `npm run seed:demo` creates): the Office, Phòng Kinh tế - Hạ
 * tầng và Đô thị, Phòng Văn hóa - Xã hội (which has NO clerk, the seed's failure) and the Trung tâm Phục vụ hành chính
 * công; leaders, the Chánh Văn phòng, clerks, heads and specialists — each with auth headers.
 */
export async function createTanBinhWard(t: TestApp) {
  const n = next();
  const ward = await createDemoWard(t.app, {
    code: `000.${n}.H29`, name: `Ủy ban nhân dân phường Tân Bình ${n}`, placeName: 'Tân Bình', usernameSuffix: `.${n}`, password: TEST_PASSWORD,
  });
  const users = Object.fromEntries(Object.entries(ward.users).map(([k, u]) => {
    const { token, Authorization } = tokenFor(t, u.id);
    return [k, { ...u, token, auth: { Authorization } }];
  })) as Record<DemoPersonKey, TestUser>;
  const org: TestOrg = { id: ward.organizationId, name: `Ủy ban nhân dân phường Tân Bình ${n}`, shortName: 'UBND', placeName: 'Tân Bình', admin: users.admin };
  return { org, departments: ward.departments, users };
}

export type TanBinhWard = Awaited<ReturnType<typeof createTanBinhWard>>;
