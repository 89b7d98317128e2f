import type { Actor } from '../../common/auth/actor';

export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** One thing waiting for the caller now (API.md "Worklist"). */
export interface WorklistItem {
  kind: 'incoming' | 'outgoing' | 'task';
  /** The document's or task's id. */
  id: string;
  /** The routing line to act on (incoming documents). */
  lineId?: string | null;
  title: string;
  /** What the caller is expected to do, e.g. "receive", "assign", "handle", "sign", "issue", "review". */
  action: string;
  deadline: string | null;
  urgency: Urgency;
  overdue: boolean;
  /** Set when the item waits for someone who delegated to the caller. */
  onBehalfOfUserId?: string | null;
  /** When it started waiting (ISO 8601); ties are broken oldest first. */
  since: string;
}

/** A Worklist v2 item (API.md "Worklist v2"): what a person needs to act without opening it. */
export interface WorklistV2Item extends WorklistItem {
  actionLabel: string;
  role: 'lead' | 'coordinate' | 'inform' | null;
  reference: string;
  from: string | null;
  fromUserId: string | null;
  fromPosition: string | null;
  /** Hỏa tốc or Thượng khẩn: act at once. */
  flagged: boolean;
}

/**
 * What a source's SQL may use (Worklist v2). Parameters are bound through `p()`; `org`, `me`, `today` are already bound.
 * `handled`: the departments the caller acts for by the fallback order (routing/fallback-order.ts), the Office standing
 * for the agency scope; `office`: the Office's id; `scopeDepts`: for scope=department, the departments viewed.
 */
export interface WorklistSqlContext {
  actor: Actor;
  org: string;
  me: string;
  today: string;
  office: string;
  handled: string;
  fallbackDepts: string;
  scope: 'mine' | 'department' | 'stuck';
  scopeDepts: string;
  p(value: unknown, cast?: string): string;
}

/**
 * Columns every source's SQL selects, in this order: kind, id, line_id, title, action, role, reference, from_user_id,
 * from_text, deadline (date), urgency, since (timestamptz), problem (text, for scope=stuck), department_id (uuid, whose
 * chain the item falls back to), on_behalf_of (uuid: the principal when the caller acts by delegation).
 */
export const WORKLIST_COLUMNS = ['kind', 'id', 'line_id', 'title', 'action', 'role', 'reference', 'from_user_id', 'from_text', 'deadline',
  'urgency', 'since', 'problem', 'department_id', 'on_behalf_of'] as const;

/** Each module that creates work contributes a source; the worklist merges and orders them. */
export interface WorklistSource {
  readonly kind: WorklistItem['kind'];
  /** One SELECT with WORKLIST_COLUMNS (see WorklistSqlContext); /worklist and /inbox page and order the union. */
  sql(ctx: WorklistSqlContext): string;
}
