export const ORG_ROLES = ['admin', 'chairman', 'vice_chairman'] as const;
export const DEPARTMENT_ROLES = ['head', 'deputy_head', 'clerk', 'specialist'] as const;
export const ROLES = [...ORG_ROLES, ...DEPARTMENT_ROLES] as const;
export type Role = (typeof ROLES)[number];
export const DEPARTMENT_KINDS = ['office', 'department', 'center'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const isDepartmentRole = (r: string): boolean => (DEPARTMENT_ROLES as readonly string[]).includes(r);

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị',
  chairman: 'Chủ tịch',
  vice_chairman: 'Phó Chủ tịch',
  head: 'Trưởng phòng',
  deputy_head: 'Phó Trưởng phòng',
  clerk: 'Văn thư',
  specialist: 'Chuyên viên',
};
