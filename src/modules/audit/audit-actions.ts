/**
 * Every action the audit log records — the one list. `AuditService.append` accepts only these, and the e2e test
 * tests/e2e/audit-coverage walks every state-changing route and expects exactly one new row with its action.
 * Add the action here when a module gains a state change (and the route's fixture in that test).
 */
export const AUDIT_ACTIONS = [
  // accounts and sessions
  'auth.login', 'auth.login_failed', 'auth.login_refused_locked', 'auth.login_refused_disabled', 'auth.account_locked',
  'auth.refreshed', 'auth.refresh_token_reused', 'auth.logout', 'auth.password_changed', 'auth.session_revoked',
  'auth.mfa_challenge_issued', 'auth.mfa_failed', 'auth.mfa_enrollment_required', 'auth.mfa_enrollment_started', 'auth.mfa_enabled',
  'user.password_reset', 'organization.security_policy_updated',
  // organization structure
  'organization.created', 'department.created', 'department.updated',
  'user.created', 'user.updated', 'user.roles_replaced',
  'signing_rules.replaced', 'delegation.created', 'delegation.revoked', 'register.created',
  // files and keys
  'file.uploaded', 'signing_key.dev_issued', 'signing_key.imported', 'signing_image.signature_set', 'signing_image.seal_set',
  // incoming documents
  'incoming.registered', 'incoming.delivered', 'incoming.submitted', 'incoming.directed', 'incoming.line_received',
  'incoming.line_assigned', 'incoming.line_completed', 'incoming.line_returned', 'incoming.line_acknowledged', 'incoming.line_reassigned',
  // outgoing documents
  'outgoing.created', 'outgoing.updated', 'outgoing.file_added', 'outgoing.submitted', 'outgoing.approved', 'outgoing.returned',
  'outgoing.signed', 'outgoing.number_assigned', 'outgoing.issued',
  // tasks
  'task.created', 'task.progress', 'task.extension_requested', 'task.extension_approved', 'task.extension_rejected',
  'task.completion_reported', 'task.accepted', 'task.reopened',
  // notifications and jobs (audit checkpoints are their own signed record: audit_checkpoints)
  'notification.read', 'notification_settings.updated', 'job.retried',
  // exchange between agencies (edXML)
  'exchange.agencies_imported', 'exchange.document_received', 'exchange.package_refused', 'exchange.recall_received',
  'incoming.returned_to_sender', 'incoming.recall_decided', 'outgoing.recalled',
  // hand-over of old registers (legacy import)
  'legacy_import.previewed', 'legacy_import.committed',
  // exports (the file itself is written by a job; the request is the state change)
  'export.requested',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const KNOWN = new Set<string>(AUDIT_ACTIONS);
export const isAuditAction = (value: string): value is AuditAction => KNOWN.has(value);

/** The part after "<prefix>." of the actions with that prefix, e.g. ActionOf<'task'> = 'created' | 'progress' | … */
export type ActionOf<P extends string> = AuditAction extends infer A ? (A extends `${P}.${infer S}` ? S : never) : never;
