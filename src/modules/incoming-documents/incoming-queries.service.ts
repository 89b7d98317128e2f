import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { accessibleSql } from '../../common/authz/accessible-sql';
import { IncomingAccess } from './incoming-access.service';
import { notFound } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { IncomingDocumentResponseDto, ListIncomingDocumentsQueryDto } from './dto/incoming-document.response.dto';
import { INCOMING_FIELD_SQL, IncomingDocumentsRepository, LIST_COLUMNS } from './incoming-documents.repository';
import { DocumentResponseRow, DocumentRow, toDocumentResponse, toHistoryResponse, toLineResponse } from './incoming-record';

/**
 * The unaccented, lower-cased text words are matched against: a stored generated column, indexed with the organization
 * (migration ScopeIncomingSearch) — f_unaccent(lower(summary || ' ' || symbol || ' ' || issuer_name)).
 */
const SEARCH_TEXT = 'd.search_text';
/** The list order; `d.id` last makes it total, so the page's rows come back in the same order when joined again. */
const LIST_ORDER = (t: string) => `${t}.arrival_date DESC NULLS FIRST, ${t}.arrival_number DESC NULLS FIRST, ${t}.created_at DESC, ${t}.id`;
const OVERDUE_SQL = (today: string) => `(
  (d.due_date IS NOT NULL AND d.due_date < ${today} AND d.status NOT IN ('completed', 'returned', 'recalled'))
  OR EXISTS (SELECT 1 FROM incoming_lines ol WHERE ol.organization_id = d.organization_id AND ol.document_id = d.id
              AND ol.deadline < ${today} AND ol.status IN ('pending', 'in_progress')))`;

/** Reading incoming documents: one document with its lines and history, and the searchable list. */
@Injectable()
export class IncomingQueriesService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly access: IncomingAccess,
    private readonly clock: Clock,
  ) {}

  /** Loads a document the caller may read (404 otherwise). */
  async loadReadable(actor: Actor, id: string): Promise<DocumentRow> {
    const doc = await this.repo.findDocument(actor.orgId as string, id);
    if (!doc) throw notFound('Văn bản đến');
    if (!(await this.access.mayRead(actor, doc))) throw notFound('Văn bản đến');
    return doc;
  }

  async get(actor: Actor, id: string): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.loadReadable(actor, id);
    const today = localDate(this.clock.now(), actor.timeZone);
    // Sequential: after an idempotent POST this runs in its transaction, on one pg client.
    const lines = await this.repo.lines(orgId, doc.id);
    const history = await this.repo.history(orgId, doc.id);
    const mappedLines = lines.map((l) => toLineResponse(l, today));
    const response = toDocumentResponse(doc, today);
    response.overdue = response.overdue || mappedLines.some((l) => l.overdue);
    return { ...response, lines: mappedLines, history: history.map(toHistoryResponse) };
  }

  /**
   * One page of the documents the caller may read, newest arrival first, with the exact total.
   *
   * Performance (issue 6, bench B2): words are matched on the stored `search_text` column (the same unaccented text,
   * migration ScopeIncomingSearch) through the GIN index on (organization_id, search_text), so only the ward's rows are
   * considered and the recheck is a plain LIKE. With words, the matching set has to be built in full for the total anyway,
   * so the page and the total come from one pass over it instead of two. Without words, the page walks the
   * arrival index and stops after pageSize rows, so the total stays a separate (index-only) count. The overdue flag is
   * computed in the same statement for the page's rows.
   */
  async list(actor: Actor, q: ListIncomingDocumentsQueryDto): Promise<Page<IncomingDocumentResponseDto>> {
    const orgId = actor.orgId as string;
    const today = localDate(this.clock.now(), actor.timeZone);
    const params: unknown[] = [orgId];
    const filter = accessibleSql(actor.ability, 'read', 'IncomingDocument', INCOMING_FIELD_SQL, params.length + 1);
    params.push(...filter.params);
    const conds = ['d.organization_id = $1', filter.sql];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (q.registerId) conds.push(`d.register_id = ${p(q.registerId)}`);
    if (q.status) conds.push(`d.status = ${p(q.status)}`);
    if (q.urgency) conds.push(`d.urgency = ${p(q.urgency)}`);
    if (q.from) conds.push(`d.arrival_date >= ${p(q.from)}`);
    if (q.to) conds.push(`d.arrival_date <= ${p(q.to)}`);
    if (q.overdue !== undefined) {
      const todayParam = `${p(today)}::date`;
      conds.push(q.overdue ? OVERDUE_SQL(todayParam) : `NOT ${OVERDUE_SQL(todayParam)}`);
    }
    // Every word must appear; each is a bound parameter (never SQL), with LIKE wildcards escaped.
    const words = searchWords(q.q);
    for (const word of words) conds.push(`${SEARCH_TEXT} LIKE '%' || f_unaccent(lower(${p(escapeLike(word))})) || '%'`);
    const where = conds.join(' AND ');
    const countParams = params.slice();
    const offset = offsetOf(q);
    const limit = `LIMIT ${p(q.pageSize)} OFFSET ${p(offset)}`;
    // With words: every match is collected once (MATERIALIZED, so the planner picks the index that finds them rather than
    // walking the arrival order through the whole ward), then counted and top-N sorted. Without: the arrival index walk.
    const page = words.length
      ? `matches AS MATERIALIZED (SELECT d.id, d.arrival_date, d.arrival_number, d.created_at FROM incoming_documents d WHERE ${where}),
         page AS (SELECT m.*, (SELECT count(*) FROM matches) AS total_count FROM matches m ORDER BY ${LIST_ORDER('m')} ${limit})`
      : `page AS (SELECT d.id, d.arrival_date, d.arrival_number, d.created_at, NULL::bigint AS total_count
                    FROM incoming_documents d WHERE ${where} ORDER BY ${LIST_ORDER('d')} ${limit})`;
    // Without words the statement is planned once per connection (the generic plan walks the arrival index like a custom
    // one); with words the matches' selectivity decides the plan, so it is planned each time.
    const run = <R extends object>(sql: string, values: unknown[]) => (words.length ? this.repo.rows<R>(sql, values) : this.repo.preparedRows<R>(sql, values));
    const rows = await run<DocumentResponseRow & { total_count: number | null }>(
      `WITH ${page}
       SELECT ${LIST_COLUMNS}, ${OVERDUE_SQL(`${p(today)}::date`)} AS overdue, page.total_count::int AS total_count
         FROM page JOIN incoming_documents d ON d.organization_id = $1 AND d.id = page.id
        ORDER BY ${LIST_ORDER('page')}`,
      params);
    let total = rows[0]?.total_count ?? null;
    if (total === null && words.length && offset === 0) total = 0;
    if (total === null) {
      [{ count: total }] = await run<{ count: number }>(`SELECT count(*)::int AS count FROM incoming_documents d WHERE ${where}`, countParams);
    }
    return {
      items: rows.map(({ total_count: _, ...r }) => toDocumentResponse(r, today)),
      total, page: q.page, pageSize: q.pageSize,
    };
  }
}

export function searchWords(q: string | undefined): string[] {
  return (q ?? '').normalize('NFC').split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 10);
}

const escapeLike = (w: string) => w.replace(/[\\%_]/g, (c) => `\\${c}`);
