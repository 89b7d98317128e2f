/** The audit actions written by code in src/common; AuditService implementing AuditTrail checks each is in AUDIT_ACTIONS. */
export type CommonAuditAction = 'job.retried';

export interface AuditTrailEntry {
  organizationId: string | null;
  actorUserId: string | null;
  action: CommonAuditAction;
  entityType?: string | null;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * What common code needs of the audit log. The audit module provides it (AuditService, which implements it), so
 * src/common never imports from src/modules. Like AuditService.append, it must run inside the caller's transaction.
 */
export abstract class AuditTrail {
  abstract append(entry: AuditTrailEntry): Promise<void>;
}
