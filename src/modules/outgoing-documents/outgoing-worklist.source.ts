import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { isOfficeClerk } from '../../common/auth/actor';
import type { Urgency, WorklistItem, WorklistSource } from '../worklist/worklist.types';

interface Row {
  id: string;
  summary: string;
  status: string;
  urgency: Urgency;
  due_date: string | null;
  document_type: string;
  reviewer_id: string | null;
  signer_id: string | null;
  created_by_user_id: string;
  status_changed_at: Date;
}

/**
 * Outgoing work waiting for the caller: drafts to review (the reviewer), documents to sign (the signer — and every
 * active delegate of the signer, within the delegated types, with onBehalfOfUserId), signed documents to number and
 * issue (office clerks), and returned drafts to revise (their creator).
 */
@Injectable()
export class OutgoingWorklistSource implements WorklistSource {
  readonly kind = 'outgoing' as const;

  constructor(private readonly ds: DataSource) {}

  async items(actor: Actor, today: string): Promise<WorklistItem[]> {
    if (!actor.orgId) return [];
    const principals = [...new Set(actor.delegations.map((d) => d.fromUserId))];
    const rows = (await this.ds.query(
      `SELECT id, summary, status, urgency, due_date::text AS due_date, document_type, reviewer_id, signer_id, created_by_user_id, status_changed_at
         FROM outgoing_documents
        WHERE organization_id = $1 AND (
              (status = 'in_review' AND reviewer_id = $2)
           OR (status = 'awaiting_signature' AND (signer_id = $2 OR signer_id = ANY($3::uuid[])))
           OR ($4 AND status = 'signed')
           OR (status = 'draft' AND created_by_user_id = $2 AND return_reason IS NOT NULL))
        ORDER BY status_changed_at LIMIT 500`,
      [actor.orgId, actor.userId, principals, isOfficeClerk(actor)],
    )) as Row[];
    const out: WorklistItem[] = [];
    const item = (r: Row, action: string, onBehalfOfUserId: string | null = null): WorklistItem => ({
      kind: 'outgoing', id: r.id, title: r.summary, action, deadline: r.due_date, urgency: r.urgency,
      overdue: r.due_date !== null && r.due_date < today, onBehalfOfUserId, since: new Date(r.status_changed_at).toISOString(),
    });
    for (const r of rows) {
      if (r.status === 'in_review' && r.reviewer_id === actor.userId) out.push(item(r, 'review'));
      if (r.status === 'awaiting_signature') {
        if (r.signer_id === actor.userId) out.push(item(r, 'sign'));
        const d = actor.delegations.find((x) => x.fromUserId === r.signer_id && (x.documentTypes === null || x.documentTypes.includes(r.document_type)));
        if (d && r.signer_id !== actor.userId) out.push(item(r, 'sign', d.fromUserId));
      }
      if (r.status === 'signed' && isOfficeClerk(actor)) out.push(item(r, 'issue'));
      if (r.status === 'draft' && r.created_by_user_id === actor.userId) out.push(item(r, 'revise'));
    }
    return out;
  }
}
