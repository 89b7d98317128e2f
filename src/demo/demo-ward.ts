import type { INestApplicationContext } from '@nestjs/common';
import { AbilityFactory } from '../common/authz/ability.factory';
import type { Actor } from '../common/auth/actor';
import type { Role } from '../common/auth/roles';
import { DepartmentsService } from '../modules/organizations/departments.service';
import { OrganizationsService } from '../modules/organizations/organizations.service';
import { UsersService } from '../modules/users/users.service';

/** Phường Tân Bình as seed 004 describes it after 1 July 2025: four units, and Phòng Văn hóa - Xã hội without a clerk. */
export const DEMO_DEPARTMENTS = {
  office: { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' },
  kt: { name: 'Phòng Kinh tế - Hạ tầng và Đô thị', code: 'KTHTĐT', kind: 'department' },
  vhxh: { name: 'Phòng Văn hóa - Xã hội', code: 'VHXH', kind: 'department' },
  pvhcc: { name: 'Trung tâm Phục vụ hành chính công', code: 'PVHCC', kind: 'center' },
} as const;

type DeptKey = keyof typeof DEMO_DEPARTMENTS;

export const DEMO_PEOPLE: Record<string, { username: string; fullName: string; positionTitle: string; roles: { role: Role; dept?: DeptKey }[] }> = {
  admin: { username: 'quantri', fullName: 'Trương Quản Trị', positionTitle: 'Quản trị hệ thống phường', roles: [{ role: 'admin' }] },
  chairman: { username: 'chutich', fullName: 'Nguyễn Thị Phượng', positionTitle: 'Chủ tịch', roles: [{ role: 'chairman' }] },
  viceChairman: { username: 'phochutich', fullName: 'Phạm Hoàng Khanh', positionTitle: 'Phó Chủ tịch', roles: [{ role: 'vice_chairman' }] },
  chiefOfOffice: { username: 'chanhvanphong', fullName: 'Lê Văn Chánh', positionTitle: 'Chánh Văn phòng', roles: [{ role: 'head', dept: 'office' }] },
  officeClerk: { username: 'vanthu', fullName: 'Trần Thị Văn Thư', positionTitle: 'Văn thư', roles: [{ role: 'clerk', dept: 'office' }] },
  officeSpecialist: { username: 'cv.vanphong', fullName: 'Phan Thị Tư Pháp', positionTitle: 'Chuyên viên Tư pháp', roles: [{ role: 'specialist', dept: 'office' }] },
  ktHead: { username: 'tp.kinhte', fullName: 'Võ Minh Kinh', positionTitle: 'Trưởng phòng Kinh tế - Hạ tầng và Đô thị', roles: [{ role: 'head', dept: 'kt' }] },
  ktClerk: { username: 'vt.kinhte', fullName: 'Đặng Thu Hà', positionTitle: 'Văn thư Phòng Kinh tế - Hạ tầng và Đô thị', roles: [{ role: 'clerk', dept: 'kt' }] },
  ktSpecialist: { username: 'cv.kinhte', fullName: 'Bùi Quốc Đạt', positionTitle: 'Chuyên viên', roles: [{ role: 'specialist', dept: 'kt' }] },
  vhxhHead: { username: 'tp.vanhoa', fullName: 'Hoàng Thị Hóa', positionTitle: 'Trưởng phòng Văn hóa - Xã hội', roles: [{ role: 'head', dept: 'vhxh' }] },
  vhxhSpecialist: { username: 'cv.vanhoa', fullName: 'Ngô Văn Xã', positionTitle: 'Chuyên viên', roles: [{ role: 'specialist', dept: 'vhxh' }] },
  pvhccHead: { username: 'gd.pvhcc', fullName: 'Đỗ Thanh Công', positionTitle: 'Giám đốc Trung tâm Phục vụ hành chính công', roles: [{ role: 'head', dept: 'pvhcc' }] },
  pvhccClerk: { username: 'vt.pvhcc', fullName: 'Lý Thị Tâm', positionTitle: 'Văn thư Trung tâm', roles: [{ role: 'clerk', dept: 'pvhcc' }] },
};

export type DemoPersonKey = keyof typeof DEMO_PEOPLE;

export interface DemoWard {
  organizationId: string;
  departments: Record<DeptKey, { id: string; name: string; code: string }>;
  users: Record<DemoPersonKey, { id: string; username: string; fullName: string }>;
}

const systemActor = (app: INestApplicationContext, orgId: string | null, userId = '00000000-0000-0000-0000-000000000000'): Actor =>
  app.get(AbilityFactory).forActor({
    userId, sessionId: null, username: 'seed', fullName: 'seed', orgId, isSystemAdmin: orgId === null, departmentId: null, positionTitle: '',
    timeZone: 'Asia/Ho_Chi_Minh', roles: orgId ? [{ role: 'admin', departmentId: null, departmentKind: null }] : [], delegations: [], signingRules: [],
  });

/** Builds the ward through the same services the API uses (rules, registers, audit included). */
export async function createDemoWard(
  app: INestApplicationContext,
  o: { code: string; name: string; placeName: string; usernameSuffix?: string; password: string },
): Promise<DemoWard> {
  const org = await app.get(OrganizationsService).create(systemActor(app, null), {
    code: o.code, name: o.name, shortName: 'UBND', placeName: o.placeName, parentName: 'THÀNH PHỐ HỒ CHÍ MINH',
  });
  const users = {} as DemoWard['users'];
  const person = async (key: DemoPersonKey, departments: DemoWard['departments'] | null, viaSystem: boolean) => {
    const p = DEMO_PEOPLE[key];
    const actor = viaSystem ? systemActor(app, null) : systemActor(app, org.id, users.admin.id);
    const created = await app.get(UsersService).create(actor, {
      username: `${p.username}${o.usernameSuffix ?? ''}`, password: o.password, fullName: p.fullName, positionTitle: p.positionTitle,
      roles: p.roles.map((r) => ({ role: r.role, departmentId: r.dept && departments ? departments[r.dept].id : undefined })),
      organizationId: org.id,
    });
    users[key] = { id: created.id, username: created.username, fullName: created.fullName };
  };
  await person('admin', null, true);
  const departments = {} as DemoWard['departments'];
  for (const [key, d] of Object.entries(DEMO_DEPARTMENTS) as [DeptKey, (typeof DEMO_DEPARTMENTS)[DeptKey]][]) {
    const created = await app.get(DepartmentsService).create(systemActor(app, org.id, users.admin.id), { ...d });
    departments[key] = { id: created.id, name: created.name, code: created.code };
  }
  for (const key of Object.keys(DEMO_PEOPLE) as DemoPersonKey[]) if (key !== 'admin') await person(key, departments, false);
  return { organizationId: org.id, departments, users };
}
