import type { ActorSigningRule } from '../../common/auth/actor';
import type { DepartmentKind, Role } from '../../common/auth/roles';

export type RoleRef = { role: Role; departmentKind: DepartmentKind | null };

/** The working-rules lines that apply to someone holding these roles (signing and delegation both ask this). */
export function rulesFor<R extends Pick<ActorSigningRule, 'role' | 'departmentKind'>>(roles: RoleRef[], rules: R[]): R[] {
  return rules.filter((rule) => roles.some((r) => r.role === rule.role && (!rule.departmentKind || rule.departmentKind === r.departmentKind)));
}

/** Whether a rule's document types ('*' = every type) cover a type. */
export const typeCovered = (ruleTypes: string[], type: string) => ruleTypes.includes('*') || ruleTypes.includes(type);
