import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { accessibleSql } from '../../common/authz/accessible-sql';
import { AuthzService } from '../../common/authz/authz.service';
import { notFound } from '../../common/errors/domain-error';
import { offsetOf, Page } from '../../common/pagination/pagination';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { IncomingDocumentResponseDto, ListIncomingDocumentsQueryDto } from './dto/incoming-document.response.dto';
import { DOCUMENT_SELECT, INCOMING_FIELD_SQL, IncomingDocumentsRepository } from './incoming-documents.repository';
import { DocumentRow, documentSubject, toDocumentResponse, toHistoryResponse, toLineResponse } from './incoming-record';

/** The unaccented, lower-cased text the trigram index covers (migration AddIncomingSearch). */
const SEARCH_EXPR = `f_unaccent(lower(coalesce(d.summary, '') || ' ' || coalesce(d.symbol, '') || ' ' || coalesce(d.issuer_name, '')))`;
const OVERDUE_SQL = (today: string) => `(
  (d.due_date IS NOT NULL AND d.due_date < ${today} AND d.status <> 'completed')
  OR EXISTS (SELECT 1 FROM incoming_lines ol WHERE ol.organization_id = d.organization_id AND ol.document_id = d.id
              AND ol.deadline < ${today} AND ol.status IN ('pending', 'in_progress')))`;

/** Reading incoming documents: one document with its lines and history, and the searchable list. */
@Injectable()
export class IncomingQueriesService {
  constructor(
    private readonly repo: IncomingDocumentsRepository,
    private readonly authz: AuthzService,
    private readonly clock: Clock,
  ) {}

  /** Loads a document the caller may read (404 otherwise). */
  async loadReadable(actor: Actor, id: string): Promise<DocumentRow> {
    const doc = await this.repo.findDocument(actor.orgId as string, id);
    if (!doc) throw notFound('Văn bản đến');
    this.authz.assert(actor, 'read', 'IncomingDocument', documentSubject(doc), 'Văn bản đến');
    return doc;
  }

  async get(actor: Actor, id: string): Promise<IncomingDocumentResponseDto> {
    const orgId = actor.orgId as string;
    const doc = await this.loadReadable(actor, id);
    const today = localDate(this.clock.now(), actor.timeZone);
    const [lines, history] = await Promise.all([this.repo.lines(orgId, doc.id), this.repo.history(orgId, doc.id)]);
    const mappedLines = lines.map((l) => toLineResponse(l, today));
    const response = toDocumentResponse(doc, today);
    response.overdue = response.overdue || mappedLines.some((l) => l.overdue);
    return { ...response, lines: mappedLines, history: history.map(toHistoryResponse) };
  }

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
    for (const word of searchWords(q.q)) conds.push(`${SEARCH_EXPR} LIKE '%' || f_unaccent(lower(${p(escapeLike(word))})) || '%'`);
    const where = conds.join(' AND ');
    const rows = await this.repo.rows<DocumentRow>(
      `${DOCUMENT_SELECT} WHERE ${where}
        ORDER BY d.arrival_date DESC NULLS FIRST, d.arrival_number DESC NULLS FIRST, d.created_at DESC, d.id
        LIMIT ${p(q.pageSize)} OFFSET ${p(offsetOf(q))}`,
      params);
    const countParams = params.slice(0, params.length - 2);
    const [{ count }] = await this.repo.rows<{ count: number }>(`SELECT count(*)::int AS count FROM incoming_documents d WHERE ${where}`, countParams);
    const overdueIds = await this.overdueAmong(orgId, rows.map((r) => r.id), today);
    return {
      items: rows.map((r) => toDocumentResponse({ ...r, overdue: overdueIds.has(r.id) }, today)),
      total: count, page: q.page, pageSize: q.pageSize,
    };
  }

  private async overdueAmong(orgId: string, ids: string[], today: string): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.repo.rows<{ id: string }>(
      `SELECT d.id FROM incoming_documents d WHERE d.organization_id = $1 AND d.id = ANY($3) AND ${OVERDUE_SQL('$2::date')}`, [orgId, today, ids]);
    return new Set(rows.map((r) => r.id));
  }
}

export function searchWords(q: string | undefined): string[] {
  return (q ?? '').normalize('NFC').split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 10);
}

const escapeLike = (w: string) => w.replace(/[\\%_]/g, (c) => `\\${c}`);
