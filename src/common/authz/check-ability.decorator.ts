import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors, ApiPublic } from '../openapi/api-responses.decorator';
import type { Action, SubjectType } from './ability';

export const CHECK_ABILITY = 'vanthu:check-ability';
export const IS_PUBLIC = 'vanthu:is-public';
/** Routes any signed-in user may call (their own profile, the catalog); still authenticated. */
export const ANY_SIGNED_IN = 'vanthu:any-signed-in';

export interface AbilityRequirement {
  action: Action;
  subject: SubjectType;
}

/**
 * Route gate: the caller must hold some rule for (action, subject). Instance rules are checked in the service.
 * Each access decorator also documents what it can answer (401/403) and, for public routes, `security: []`.
 */
export const CheckAbility = (action: Action, subject: SubjectType) =>
  applyDecorators(SetMetadata(CHECK_ABILITY, { action, subject } satisfies AbilityRequirement), ApiErrors(401, 403));

export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiPublic());

export const AnySignedIn = () => applyDecorators(SetMetadata(ANY_SIGNED_IN, true), ApiErrors(401));

/** Account states a route stays reachable in (the global guard refuses every other route while they last). */
export type AccountGate = 'password_change' | 'mfa_enrollment';
export const ALLOWED_DURING = 'vanthu:allowed-during';
export const AllowedDuring = (...gates: AccountGate[]) => SetMetadata(ALLOWED_DURING, gates);
