import { AbilityFactory } from '../../src/common/authz/ability.factory';
import type { Actor } from '../../src/common/auth/actor';
import type { Role } from '../../src/common/auth/roles';
import { DepartmentsService } from '../../src/modules/organizations/departments.service';
import { OrganizationsService } from '../../src/modules/organizations/organizations.service';
import { UsersService } from '../../src/modules/users/users.service';
import type { TestApp } from '../setup/test-app';

let counter = 0;
const next = () => `${process.pid}${++counter}${Math.floor(Math.random() * 1e6)}`;

export const TEST_PASSWORD = 'MatKhau@2025';

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
 * A ward shaped like Tân Bình in seed 004: the Office, Phòng Kinh tế - Hạ tầng và Đô thị, Phòng Văn hóa - Xã hội (which
 * has NO clerk, the seed's failure) and the Trung tâm Phục vụ hành chính công; leaders, the Chánh Văn phòng, clerks,
 * heads and specialists.
 */
export async function createTanBinhWard(t: TestApp) {
  const org = await createOrganization(t, { placeName: 'Tân Bình' });
  const office = await createDepartment(t, org, { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' });
  const kt = await createDepartment(t, org, { name: 'Phòng Kinh tế - Hạ tầng và Đô thị', code: 'KTHTĐT' });
  const vhxh = await createDepartment(t, org, { name: 'Phòng Văn hóa - Xã hội', code: 'VHXH' });
  const pvhcc = await createDepartment(t, org, { name: 'Trung tâm Phục vụ hành chính công', code: 'PVHCC', kind: 'center' });
  const user = (fullName: string, positionTitle: string, roles: { role: Role; departmentId?: string }[]) =>
    createUser(t, org, { fullName, positionTitle, roles });
  const chairman = await user('Nguyễn Thị Phượng', 'Chủ tịch', [{ role: 'chairman' }]);
  const viceChairman = await user('Phạm Hoàng Khanh', 'Phó Chủ tịch', [{ role: 'vice_chairman' }]);
  const chiefOfOffice = await user('Lê Văn Chánh', 'Chánh Văn phòng', [{ role: 'head', departmentId: office.id }]);
  const officeClerk = await user('Trần Thị Văn Thư', 'Văn thư', [{ role: 'clerk', departmentId: office.id }]);
  const ktHead = await user('Võ Minh Kinh', 'Trưởng phòng Kinh tế - Hạ tầng và Đô thị', [{ role: 'head', departmentId: kt.id }]);
  const ktClerk = await user('Đặng Thu Hà', 'Văn thư Phòng Kinh tế', [{ role: 'clerk', departmentId: kt.id }]);
  const ktSpecialist = await user('Bùi Quốc Đạt', 'Chuyên viên', [{ role: 'specialist', departmentId: kt.id }]);
  const vhxhHead = await user('Hoàng Thị Hóa', 'Trưởng phòng Văn hóa - Xã hội', [{ role: 'head', departmentId: vhxh.id }]);
  const vhxhSpecialist = await user('Ngô Văn Xã', 'Chuyên viên', [{ role: 'specialist', departmentId: vhxh.id }]);
  const pvhccHead = await user('Đỗ Thanh Công', 'Giám đốc Trung tâm', [{ role: 'head', departmentId: pvhcc.id }]);
  const pvhccClerk = await user('Lý Thị Tâm', 'Văn thư Trung tâm', [{ role: 'clerk', departmentId: pvhcc.id }]);
  return {
    org,
    departments: { office, kt, vhxh, pvhcc },
    users: { admin: org.admin, chairman, viceChairman, chiefOfOffice, officeClerk, ktHead, ktClerk, ktSpecialist, vhxhHead, vhxhSpecialist, pvhccHead, pvhccClerk },
  };
}

export type TanBinhWard = Awaited<ReturnType<typeof createTanBinhWard>>;
