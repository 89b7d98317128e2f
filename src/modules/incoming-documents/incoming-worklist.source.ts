import { Injectable } from '@nestjs/common';
import { departmentsWithRole, isLeader } from '../../common/auth/actor';
import type { WorklistSource, WorklistSqlContext } from '../worklist/worklist.types';
import { LEADER_VALID, LEAF_LINE, LINE_ACTION, LINE_USER_VALID, PRESENT_BY, REFERENCE, REGISTRAR_VALID } from './incoming-worklist.sql';

// Lines carry what the worklist needs of their document (doc_status, doc_urgency, doc_summary, doc_reference — copied by
// triggers, migration AddDocumentFieldsToIncomingLines): the line branches read the lines alone (bench B3).
const LINE_COLUMNS = (action: string, problem = 'NULL') => `SELECT 'incoming'::text AS kind, l.document_id AS id, l.id AS line_id, l.doc_summary::text AS title,
    ${action} AS action, l.role::text AS role, l.doc_reference::text AS reference, l.assigned_by_user_id AS from_user_id, NULL::text AS from_text,
    l.deadline, l.doc_urgency::text AS urgency, l.created_at AS since, ${problem}::text AS problem`;
const LINE_FROM = `FROM incoming_lines l`;
const OPEN_LINE = (org: string) => `l.organization_id = ${org} AND l.status IN ('pending', 'in_progress') AND l.doc_status = 'in_progress' AND ${LEAF_LINE(org)}`;
const DOC_COLUMNS = (action: string, fromUser: string, fromText: string, deadline: string, since: string, problem = 'NULL') =>
  `SELECT 'incoming'::text, d.id, NULL::uuid, d.summary, ${action}, NULL::text, ${REFERENCE}, ${fromUser}, ${fromText}, ${deadline},
          d.urgency::text, ${since}, ${problem}::text`;

/**
 * The incoming part of the worklist. Open items: a document awaiting registration (`received`), presentation
 * (`registered`), direction (`awaiting_direction`), and every open routing line that has not been handed on. A
 * department's items go to its chain by the fallback order (clerks → head → Office clerks → Chánh Văn phòng); a named
 * person's item goes to that person while they are active and still hold the role, else to the chain of its department.
 */
@Injectable()
export class IncomingWorklistSource implements WorklistSource {
  readonly kind = 'incoming' as const;

  sql(ctx: WorklistSqlContext): string {
    if (ctx.scope === 'stuck') return this.stuck(ctx);
    if (ctx.scope === 'department') return this.department(ctx);
    const { org, me, office, handled } = ctx;
    const myDepts = ctx.p(departmentsWithRole(ctx.actor, 'admin', 'chairman', 'vice_chairman', 'head', 'deputy_head', 'clerk', 'specialist'), 'uuid[]');
    // The caller's own items are theirs while they still hold the role (REGISTRAR_VALID, LEADER_VALID for someone else):
    // the caller is active and in the ward, so that test comes from their roles, bound once, rather than a probe of
    // users and roles for each of their documents — an office clerk may hold a thousand registered ones (bench B5).
    const registrarOf = ctx.p(departmentsWithRole(ctx.actor, 'clerk', 'head'), 'uuid[]');
    const headOf = ctx.p(departmentsWithRole(ctx.actor, 'head', 'deputy_head'), 'uuid[]');
    const leader = ctx.p(isLeader(ctx.actor), 'boolean');
    const dept = (col: string) => `coalesce(${col}, ${office})`;
    const localDay = (col: string) => `(${col} AT TIME ZONE ${ctx.p(ctx.actor.timeZone)})::date`;
    // Separate branches rather than one OR, so each walks its own index (lines by user, lines by department) — B3.
    const lines = (cond: string) => `${LINE_COLUMNS(LINE_ACTION(me))}, ${dept('l.department_id')} AS department_id, NULL::uuid AS on_behalf_of
        ${LINE_FROM} WHERE ${OPEN_LINE(org)} AND ${cond}`;
    // A document's own items (awaiting registration, presentation, direction) fall to the chain of its scope: one branch
    // for department scopes and one for the agency scope (NULL, the Office), each walking an index, instead of
    // coalesce(scope, office) = ANY(...) tested on every such document of the ward — and the named person's items in
    // a branch of their own (partial indexes by registrar and by the leader presented to; bench B3).
    const inScope = (select: string, cond: string) => `${select} AND d.scope_department_id = ANY(${handled}) AND ${cond}
      UNION ALL
      ${select} AND d.scope_department_id IS NULL AND ${office} = ANY(${handled}) AND ${cond}`;
    const submit = `${DOC_COLUMNS(`'submit'`, 'NULL::uuid', 'd.issuer_name', PRESENT_BY('d.arrival_date'), 'coalesce(d.registered_at, d.created_at)')},
             ${dept('d.scope_department_id')}, NULL::uuid
        FROM incoming_documents d WHERE d.organization_id = ${org} AND d.status = 'registered'`;
    const direct = `${DOC_COLUMNS(`CASE WHEN d.submitted_to_user_id = ${me} THEN 'direct' ELSE 'resubmit' END`, 'd.submitted_by_user_id', 'NULL::text', 'd.due_date', 'd.updated_at')},
             ${dept('d.scope_department_id')}, NULL::uuid
        FROM incoming_documents d WHERE d.organization_id = ${org} AND d.status = 'awaiting_direction'`;
    return `
      ${lines(`l.user_id = ${me} AND (l.department_id IS NULL OR l.department_id = ANY(${myDepts}))`)}
      UNION ALL
      ${lines(`l.user_id IS NULL AND l.department_id = ANY(${handled})`)}
      UNION ALL
      ${lines(`l.user_id IS NOT NULL AND l.user_id <> ${me} AND l.department_id = ANY(${handled}) AND NOT ${LINE_USER_VALID}`)}
      UNION ALL
      ${lines(`l.user_id IS NOT NULL AND l.user_id <> ${me} AND l.department_id IS NULL AND ${office} = ANY(${handled}) AND NOT ${LINE_USER_VALID}`)}
      UNION ALL
      ${inScope(`${DOC_COLUMNS(`'register'`, 'NULL::uuid', 'coalesce(d.sender_name, d.issuer_name)', PRESENT_BY(localDay('d.created_at')), 'd.created_at')},
             ${dept('d.scope_department_id')}, NULL::uuid
        FROM incoming_documents d WHERE d.organization_id = ${org} AND d.status = 'received'`, 'true')}
      UNION ALL
      ${submit} AND d.registered_by_user_id = ${me} AND coalesce(d.scope_department_id, ${office}) = ANY(${registrarOf})
      UNION ALL
      ${inScope(submit, `NOT ${REGISTRAR_VALID(office)}`)}
      UNION ALL
      ${direct} AND d.submitted_to_user_id = ${me} AND (${leader} OR d.scope_department_id = ANY(${headOf}))
      UNION ALL
      ${inScope(direct, `NOT ${LEADER_VALID}`)}`;
  }

  /** scope=department: the department's open items whoever holds them, with the action their holder takes. */
  private department(ctx: WorklistSqlContext): string {
    const { org, office, scopeDepts } = ctx;
    const status = (s: string, action: string, deadline: string) => `
      ${DOC_COLUMNS(`'${action}'`, 'NULL::uuid', 'coalesce(d.sender_name, d.issuer_name)', deadline, 'd.updated_at')}, d.scope_department_id, NULL::uuid
        FROM incoming_documents d WHERE d.organization_id = ${org} AND d.status = '${s}' AND d.scope_department_id = ANY(${scopeDepts})`;
    return `
      ${LINE_COLUMNS(LINE_ACTION(null))}, coalesce(l.department_id, ${office}), NULL::uuid
        ${LINE_FROM}
       WHERE ${OPEN_LINE(org)} AND l.department_id = ANY(${scopeDepts})
      UNION ALL ${status('received', 'register', 'NULL::date')}
      UNION ALL ${status('registered', 'submit', PRESENT_BY('d.arrival_date'))}
      UNION ALL ${status('awaiting_direction', 'direct', 'd.due_date')}`;
  }

  /** scope=stuck: open items whose department has fallen back to the Office (or nobody), or whose named holder left. */
  private stuck(ctx: WorklistSqlContext): string {
    const { org, office, fallbackDepts } = ctx;
    const dept = (col: string) => `coalesce(${col}, ${office})`;
    return `
      ${LINE_COLUMNS(LINE_ACTION(null), `CASE WHEN l.user_id IS NULL THEN 'department_fallback' ELSE 'holder_inactive' END`)},
             ${dept('l.department_id')}, NULL::uuid
        ${LINE_FROM}
       WHERE ${OPEN_LINE(org)} AND ((l.user_id IS NULL AND l.department_id = ANY(${fallbackDepts}))
                                  OR (l.user_id IS NOT NULL AND NOT ${LINE_USER_VALID}))
      UNION ALL
      ${DOC_COLUMNS(`'register'`, 'NULL::uuid', 'NULL::text', 'NULL::date', 'd.created_at', `'department_fallback'`)}, ${dept('d.scope_department_id')}, NULL::uuid
        FROM incoming_documents d
       WHERE d.organization_id = ${org} AND d.status = 'received' AND ${dept('d.scope_department_id')} = ANY(${fallbackDepts})
      UNION ALL
      ${DOC_COLUMNS(`'submit'`, 'NULL::uuid', 'NULL::text', 'NULL::date', 'd.created_at', `'registrar_inactive'`)}, ${dept('d.scope_department_id')}, NULL::uuid
        FROM incoming_documents d
       WHERE d.organization_id = ${org} AND d.status = 'registered' AND NOT ${REGISTRAR_VALID(office)}
      UNION ALL
      ${DOC_COLUMNS(`'resubmit'`, 'NULL::uuid', 'NULL::text', 'NULL::date', 'd.created_at', `'leader_inactive'`)}, ${dept('d.scope_department_id')}, NULL::uuid
        FROM incoming_documents d
       WHERE d.organization_id = ${org} AND d.status = 'awaiting_direction' AND NOT ${LEADER_VALID}`;
  }
}
