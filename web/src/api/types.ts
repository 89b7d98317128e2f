/**
 * Response types the screens use. Where the generated schema (schema.d.ts) is exact they are taken from it; where the
 * current OpenAPI document is still imprecise (nullable scalars typed as objects, lists without a response schema, and
 * routes other parts of the service are adding: /worklist, /auth/change-password, /auth/login/mfa) they are written
 * here, in this one file, so switching to the precise generated types later touches only this file.
 */
import type { components } from './schema';

type S = components['schemas'];

export type Role = 'admin' | 'chairman' | 'vice_chairman' | 'head' | 'deputy_head' | 'clerk' | 'specialist';

export interface Me {
  id: string; username: string; fullName: string; organizationId: string | null; departmentId: string | null;
  positionTitle: string; roles: { role: Role; departmentId: string | null }[]; rules: unknown[];
}

export type LoginAnswer =
  | { accessToken: string; refreshToken: string; expiresIn: number; user: Me; mustChangePassword?: boolean }
  | { mfaRequired: true; mfaToken: string };

export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }

export interface Department { id: string; name: string; code: string; kind: 'office' | 'department' | 'center'; clerkCount: number; headUserId: string | null }
export interface User {
  id: string; username: string; fullName: string; positionTitle: string; departmentId: string | null; disabled: boolean;
  roles: { role: Role; departmentId: string | null }[];
}
export interface DocumentType { key: string; name: string; abbreviation: string | null }

export interface IncomingLine {
  id: string; role: 'lead' | 'coordinate' | 'inform'; departmentId: string | null; userId: string | null; handledBy: 'clerks' | 'head' | null;
  status: 'pending' | 'in_progress' | 'completed' | 'returned'; deadline: string | null; parentLineId: string | null;
  instruction: string | null; assignedByUserId: string; overdue: boolean; createdAt: string; receivedAt: string | null;
  completedAt: string | null; result: string | null; returnReason: string | null;
}
export interface IncomingHistory { id: string; action: string; lineId: string | null; actorUserId: string | null; note: string | null; data: Record<string, unknown>; createdAt: string }
export interface IncomingDocument {
  id: string; arrivalNumber: number | null; arrivalDate: string | null; registerId: string | null;
  status: 'received' | 'registered' | 'awaiting_direction' | 'in_progress' | 'completed' | 'returned' | 'recalled';
  channel: string; issuerName: string; symbol: string; documentType: string; documentDate: string; summary: string;
  signerName: string | null; signerPosition: string | null; urgency: string; confidentiality: string; pageCount: number | null;
  dueDate: string | null; note: string | null; fileId: string | null; departmentId: string | null; registeredByUserId: string | null;
  submittedToUserId: string | null; overdue: boolean; createdAt: string; completedAt: string | null;
  /** Imported from an old unit's register (legacy import): original number, history only. */
  legacy?: boolean; legacyLabel?: string | null;
  lines?: IncomingLine[]; history?: IncomingHistory[];
}

export type SignatureBlock = S['SignatureBlockDto'];
export interface OutgoingDocument {
  id: string; documentType: string; summary: string; departmentId: string; createdByUserId: string; reviewerId: string | null;
  signerId: string | null; status: 'draft' | 'in_review' | 'awaiting_signature' | 'signed' | 'issued'; urgency: string;
  confidentiality: string; dueDate: string | null; draftFileId: string | null; draftVersion: number; returnReason: string | null;
  authority: string | null; signatureBlock: SignatureBlock | null; signedByUserId: string | null; signedAt: string | null;
  number: number | null; symbol: string | null; issuedDate: string | null; fileId: string | null; createdAt: string;
  recipients: { type: string; departmentId: string | null; organizationId: string | null; name: string | null; organId?: string | null }[];
  history?: { action: string; actorUserId: string; note: string | null; createdAt: string; toStatus: string | null }[];
  /** edXML exchange with each external recipient (API.md "Exchange between agencies"). */
  exchange?: ExchangeStatus[];
}
export type ExchangeStatus = S['OutgoingExchangeStatusDto'];
export type Verification = S['VerificationResponseDto'];

export interface TaskParty { userId: string | null; fullName: string | null; departmentId: string | null; departmentName: string | null }
export interface Task {
  id: string; title: string; description: string | null; status: 'in_progress' | 'completion_reported' | 'done'; priority: string;
  deadline: string; overdue: boolean; assignee: TaskParty; assignedBy: TaskParty; progressPercent: number;
  completionReport: string | null; completedAt: string | null; extensionCount: number; createdAt: string;
}
export interface TaskDetail extends Task {
  progress: { id: string; percent: number; note: string; userId: string; createdAt: string }[];
  extensionRequests: { id: string; currentDeadline: string; newDeadline: string; reason: string; status: string; createdAt: string }[];
  history: { action: string; actorName: string; at: string }[];
}

/** GET /worklist (API.md "Worklist v2"); built from GET /inbox where the route does not exist yet. */
export interface WorkItem {
  kind: 'incoming' | 'outgoing' | 'task'; id: string; lineId?: string | null; title: string; action: string; actionLabel: string;
  role?: 'lead' | 'coordinate' | 'inform' | null; reference: string | null; from: string | null; deadline: string | null;
  urgency: string; overdue: boolean; since?: string | null;
}
export interface Worklist { items: WorkItem[]; counts: { incoming: number; outgoing: number; task: number; overdue: number; total: number }; nextCursor: string | null }
export interface InboxItem { kind: WorkItem['kind']; id: string; lineId?: string | null; title: string; action: string; deadline: string | null; urgency: string; overdue: boolean }

export interface Notification { id: string; kind: string; title: string; body: string; entityType: string | null; entityId: string | null; createdAt: string; readAt: string | null }

export interface Readiness {
  ok: boolean;
  departmentsWithoutClerk: { id: string; name: string }[];
  departmentsWithoutHead: { id: string; name: string }[];
  signingRulesWithoutSigner: { id?: string; role: string; authority: string; departmentKind?: string | null }[];
  stuckItems?: { kind: string; id: string; title: string; reason: string }[];
}

export interface SummaryPart { received: number; completed: number; inProgress: number; overdue: number; completedOnTime: number; onTimeRate: number | null }
export interface Summary {
  from: string; to: string;
  incoming: SummaryPart; outgoing: { issued: number; byType: Record<string, number> };
  tasks: { assigned: number; done: number; doneOnTime: number; overdue: number; onTimeRate: number | null };
  byDepartment?: (Omit<Summary, 'from' | 'to' | 'byDepartment'> & { departmentId: string; departmentName: string })[];
}
export interface SigningRule { id: string; role: Role; departmentKind: string | null; authority: string; documentTypes: string[] }
export interface Delegation { id: string; fromUserId: string; toUserId: string; validFrom: string; validTo: string; documentTypes: string[] | null; reason: string; status: string }
