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

/**
 * The Vietnamese name of a role as offices say it, for every API message that names a role (never the key):
 * a head is "Chánh Văn phòng" in the Office, "Giám đốc Trung tâm" in a centre, "Trưởng phòng" elsewhere.
 * `office_head` (the security policy's key) is the Chánh Văn phòng. Unknown keys are returned as they are.
 */
export function roleName(role: string, departmentKind?: string | null): string {
  switch (role) {
    case 'head': return departmentKind === 'office' ? 'Chánh Văn phòng' : departmentKind === 'center' ? 'Giám đốc Trung tâm' : 'Trưởng phòng';
    case 'deputy_head': return departmentKind === 'office' ? 'Phó Chánh Văn phòng' : departmentKind === 'center' ? 'Phó Giám đốc Trung tâm' : 'Phó Trưởng phòng';
    case 'office_head': return 'Chánh Văn phòng';
    default: return (ROLE_LABELS as Record<string, string>)[role] ?? role;
  }
}

/** "chairman (Chủ tịch)": a role key as an API value with its name, for lists of allowed values. */
export const roleKeyWithName = (role: string): string => (role in ROLE_LABELS || role === 'office_head' ? `${role} (${roleName(role)})` : role);
