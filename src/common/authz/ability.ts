import { AbilityBuilder, createMongoAbility, MongoAbility, subject as caslSubject } from '@casl/ability';
import type { ActorData } from '../auth/actor';

export type Action =
  | 'manage' | 'read' | 'create' | 'update' | 'delete'
  | 'register' | 'submit' | 'direct' | 'receive' | 'assign' | 'complete' | 'return' | 'handle'
  | 'approve' | 'sign' | 'issue' | 'delegate' | 'verify' | 'export' | 'retry';

export type SubjectType =
  | 'Organization' | 'Department' | 'User' | 'SigningRule' | 'Delegation' | 'Register' | 'AuditLog' | 'Readiness'
  | 'DocumentType' | 'IncomingDocument' | 'OutgoingDocument' | 'Task' | 'Notification' | 'Report' | 'File'
  | 'Inbox' | 'JobFailure' | 'SigningKey' | 'ExchangeAgency' | 'LegacyImport' | 'Export' | 'all';

export type AppAbility = MongoAbility<[Action, SubjectType | ({ __caslSubjectType__?: SubjectType } & Record<string, unknown>)]>;
export type AbilityRules = AbilityBuilder<AppAbility>;

/** Each module adds what its roles may do, always with an organization condition (STYLE §4). */
export type PolicyContributor = (actor: ActorData, rules: AbilityRules) => void;

export function buildAbility(actor: ActorData, contributors: PolicyContributor[]): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const contribute of contributors) contribute(actor, builder);
  return builder.build();
}

/** Tags a plain record with its CASL subject type for instance checks. */
export function subjectOf<T extends Record<string, unknown>>(type: SubjectType, record: T): T {
  return caslSubject(type as never, { ...record }) as T;
}
