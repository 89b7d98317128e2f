import { SetMetadata } from '@nestjs/common';
import type { Action, SubjectType } from './ability';

export const CHECK_ABILITY = 'vanthu:check-ability';
export const IS_PUBLIC = 'vanthu:is-public';
/** Routes any signed-in user may call (their own profile, the catalog); still authenticated. */
export const ANY_SIGNED_IN = 'vanthu:any-signed-in';

export interface AbilityRequirement {
  action: Action;
  subject: SubjectType;
}

/** Route gate: the caller must hold some rule for (action, subject). Instance rules are checked in the service. */
export const CheckAbility = (action: Action, subject: SubjectType) =>
  SetMetadata(CHECK_ABILITY, { action, subject } satisfies AbilityRequirement);

export const Public = () => SetMetadata(IS_PUBLIC, true);

export const AnySignedIn = () => SetMetadata(ANY_SIGNED_IN, true);

/** Account states a route stays reachable in (the global guard refuses every other route while they last). */
export type AccountGate = 'password_change' | 'mfa_enrollment';
export const ALLOWED_DURING = 'vanthu:allowed-during';
export const AllowedDuring = (...gates: AccountGate[]) => SetMetadata(ALLOWED_DURING, gates);
