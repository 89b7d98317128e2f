import { Injectable } from '@nestjs/common';
import type { WorklistSource, WorklistSqlContext } from '../worklist/worklist.types';

const INACTIVE = (col: string) => `NOT EXISTS (SELECT 1 FROM users vu WHERE vu.id = ${col} AND NOT vu.disabled)`;
const COLUMNS = (action: string, fromUser: string, obo = 'NULL::uuid', problem = 'NULL') => `SELECT 'outgoing'::text, o.id, NULL::uuid, o.summary,
  ${action}, NULL::text, coalesce(o.symbol, ''), ${fromUser}, NULL::text, o.due_date, o.urgency::text, o.status_changed_at, ${problem}::text,
  o.department_id, ${obo}`;
const STATUS_ACTION = `CASE o.status WHEN 'in_review' THEN 'review' WHEN 'awaiting_signature' THEN 'sign' WHEN 'signed' THEN 'issue' ELSE 'revise' END`;
const OPEN = `(o.status IN ('in_review', 'awaiting_signature', 'signed') OR (o.status = 'draft' AND o.return_reason IS NOT NULL))`;
/** The person the open draft waits for (the Office's clerks for a signed one). */
const HOLDER = `CASE o.status WHEN 'in_review' THEN o.reviewer_id WHEN 'awaiting_signature' THEN o.signer_id WHEN 'draft' THEN o.created_by_user_id END`;

/**
 * Outgoing work: drafts to review (the reviewer), documents to sign (the signer — and every active delegate of the
 * signer within the delegated types, with on_behalf_of), signed documents to number and issue (the Office's chain by
 * the fallback order), returned drafts to revise (their creator). A reviewer, signer or drafter who left puts the draft
 * in the drafting department's chain ("Chuyển người khác").
 */
@Injectable()
export class OutgoingWorklistSource implements WorklistSource {
  readonly kind = 'outgoing' as const;

  sql(ctx: WorklistSqlContext): string {
    const { org, me, office, handled } = ctx;
    const where = (cond: string) => `FROM outgoing_documents o WHERE o.organization_id = ${org} AND ${cond}`;
    if (ctx.scope === 'department') return `${COLUMNS(STATUS_ACTION, 'o.created_by_user_id')} ${where(`${OPEN} AND o.department_id = ANY(${ctx.scopeDepts})`)}`;
    if (ctx.scope === 'stuck') {
      return `${COLUMNS(`CASE WHEN o.status = 'signed' THEN 'issue' ELSE 'reroute' END`, 'o.created_by_user_id', 'NULL::uuid',
        `CASE WHEN o.status = 'signed' THEN 'department_fallback' ELSE 'holder_inactive' END`)}
        ${where(`${OPEN} AND ((o.status = 'signed' AND ${office} = ANY(${ctx.fallbackDepts})) OR (o.status <> 'signed' AND ${INACTIVE(HOLDER)}))`)}`;
    }
    const delegations = ctx.p(JSON.stringify(ctx.actor.delegations.map((d) => ({ f: d.fromUserId, t: d.documentTypes }))));
    const delegated = `EXISTS (SELECT 1 FROM json_to_recordset(${delegations}::json) AS g(f uuid, t text[])
                                 WHERE g.f = o.signer_id AND (g.t IS NULL OR o.document_type = ANY(g.t)))`;
    return `
      ${COLUMNS(`'review'`, 'o.created_by_user_id')} ${where(`o.status = 'in_review' AND o.reviewer_id = ${me}`)}
      UNION ALL
      ${COLUMNS(`'sign'`, 'coalesce(o.reviewer_id, o.created_by_user_id)', `CASE WHEN o.signer_id <> ${me} THEN o.signer_id END`)}
        ${where(`o.status = 'awaiting_signature' AND (o.signer_id = ${me} OR ${delegated})`)}
      UNION ALL
      ${COLUMNS(`'issue'`, 'o.signed_by_user_id')} ${where(`o.status = 'signed' AND ${office} = ANY(${handled})`)}
      UNION ALL
      ${COLUMNS(`'revise'`, 'o.reviewer_id')} ${where(`o.status = 'draft' AND o.return_reason IS NOT NULL AND o.created_by_user_id = ${me}`)}
      UNION ALL
      ${COLUMNS(`'reroute'`, 'o.created_by_user_id')}
        ${where(`${OPEN} AND o.status <> 'signed' AND o.department_id = ANY(${handled}) AND ${INACTIVE(HOLDER)}`)}`;
  }
}
