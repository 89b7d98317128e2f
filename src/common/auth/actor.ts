import type { AppAbility } from '../authz/ability';
import type { DepartmentKind, Role } from './roles';

/** What a limited access token may do: only enrol in two-factor sign-in (a required-but-not-enrolled user's login). */
export type TokenLimit = 'mfa_enrollment';

export interface ActorRole {
  role: Role;
  departmentId: string | null;
  departmentKind: DepartmentKind | null;
}

/** A signing power received from someone else, valid today (used by signing and the inbox). */
export interface ActorDelegation {
  id: string;
  fromUserId: string;
  fromFullName: string;
  fromPositionTitle: string;
  /** The principal's OWN roles: a delegation passes these powers only, never powers the principal received. */
  fromRoles: { role: Role; departmentKind: DepartmentKind | null }[];
  documentTypes: string[] | null;
  validFrom: string;
  validTo: string;
}

/** One line of the organization's working rules: who may sign which document types in which form. */
export interface ActorSigningRule {
  role: Role;
  departmentKind: DepartmentKind | null;
  authority: 'direct' | 'TM' | 'KT' | 'TL' | 'TUQ' | 'Q';
  documentTypes: string[];
}

/** Who is acting, resolved once per request from the token and the database. */
export interface Actor {
  userId: string;
  /** The login session (refresh-token family) the access token belongs to. */
  sessionId: string | null;
  username: string;
  fullName: string;
  orgId: string | null;
  isSystemAdmin: boolean;
  departmentId: string | null;
  positionTitle: string;
  timeZone: string;
  roles: ActorRole[];
  delegations: ActorDelegation[];
  /** The organization's signing rules (working rules), for the signing policy. */
  signingRules: ActorSigningRule[];
  /** Set after an administrator's reset: every route but the password change, logout and /auth/me answers 403. */
  mustChangePassword?: boolean;
  /** Set when the access token only allows enrolling in two-factor sign-in (see AccessTokenClaims.lim). */
  limitedTo?: TokenLimit;
  ability: AppAbility;
}

export type ActorData = Omit<Actor, 'ability'>;

export const hasRole = (a: ActorData, role: Role, departmentId?: string | null): boolean =>
  a.roles.some((r) => r.role === role && (departmentId === undefined || r.departmentId === departmentId));

export const departmentsWithRole = (a: ActorData, ...roles: Role[]): string[] =>
  a.roles.filter((r) => roles.includes(r.role) && r.departmentId).map((r) => r.departmentId as string);

/** Clerks of the Văn phòng HĐND và UBND are the agency clerks (văn thư cơ quan). */
export const isOfficeClerk = (a: ActorData): boolean =>
  a.roles.some((r) => r.role === 'clerk' && r.departmentKind === 'office');

export const isLeader = (a: ActorData): boolean => hasRole(a, 'chairman') || hasRole(a, 'vice_chairman');
