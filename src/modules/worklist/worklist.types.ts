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

/** Each module that creates work contributes a source; the worklist merges and orders them. */
export interface WorklistSource {
  readonly kind: WorklistItem['kind'];
  items(actor: Actor, today: string): Promise<WorklistItem[]>;
}
