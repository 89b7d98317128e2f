import type { DepartmentKind, Role } from '../../common/auth/roles';

export const AUTHORITIES = ['direct', 'TM', 'KT', 'TL', 'TUQ', 'Q'] as const;
export type Authority = (typeof AUTHORITIES)[number];

export interface SigningRuleData {
  role: Role;
  departmentKind: DepartmentKind | null;
  authority: Authority;
  documentTypes: string[];
}

/**
 * A new ward's working rules until its admin changes them (API.md): the Chủ tịch signs TM. for every type, a Phó Chủ tịch
 * KT., and the Chánh Văn phòng (head of the office) TL. for notices, invitations, introductions and công văn.
 */
export const DEFAULT_SIGNING_RULES: SigningRuleData[] = [
  { role: 'chairman', departmentKind: null, authority: 'TM', documentTypes: ['*'] },
  { role: 'vice_chairman', departmentKind: null, authority: 'KT', documentTypes: ['*'] },
  { role: 'head', departmentKind: 'office', authority: 'TL', documentTypes: ['THONG_BAO', 'GIAY_MOI', 'GIAY_GIOI_THIEU', 'CONG_VAN'] },
];
