import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { departmentsWithRole, type Actor } from '../../common/auth/actor';
import { forbidden } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { preparedQuery } from '../../database/prepared-query';
import { localDate } from '../../common/time/local-date';
import { RoutingService } from '../routing/routing.service';
import type { WardRouting } from '../routing/fallback-order';
import { actionLabel } from './worklist.labels';
import { afterCursor, CURSOR_SQL, decodeCursor, encodeCursor, itemsSql, SORT_COLUMNS, type Cursor } from './worklist.query';
import { WorklistRegistry } from './worklist.registry';
import type { WorklistItem, WorklistSqlContext, WorklistV2Item } from './worklist.types';

export interface WorklistQuery {
  kind?: 'incoming' | 'outgoing' | 'task';
  scope?: 'mine' | 'department';
  limit?: number;
  cursor?: string;
}

export interface WorklistCounts { incoming: number; outgoing: number; task: number; overdue: number; total: number }
export interface WorklistPage { items: WorklistV2Item[]; counts: WorklistCounts; nextCursor: string | null }

interface Row {
  kind: WorklistItem['kind']; id: string; line_id: string | null; title: string; action: string; role: WorklistV2Item['role'];
  reference: string | null; from_user_id: string | null; from_name: string | null; from_position: string | null; deadline: string | null;
  urgency: WorklistItem['urgency']; since: string; overdue: boolean; on_behalf_of: string | null; cursor: Cursor;
}

/** One open item that the rules leave to a fallback (or to nobody), for the readiness report. */
export interface StuckRow { kind: string; id: string; line_id: string | null; title: string; problem: string; department_id: string | null }

const ISO_MS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Worklist v2 (API.md): the union of every module's source as one SQL statement, ordered like /inbox, paged by a keyset
 * cursor, with counts per kind over the whole list (the `kind` filter applies to the page only). /inbox is the same list
 * without paging, in its original shape.
 */
@Injectable()
export class WorklistService {
  constructor(
    private readonly registry: WorklistRegistry,
    private readonly routing: RoutingService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  /** Prepared per connection: the text depends only on the query's shape, and planning the union cost more than running it. */
  private query<T extends object>(text: string, params: unknown[]): Promise<T[]> {
    return preparedQuery<T>(this.txHost.tx, text, params);
  }

  async page(actor: Actor, q: WorklistQuery): Promise<WorklistPage> {
    const scope = q.scope ?? 'mine';
    const scopeDepts = scope === 'department' ? departmentsWithRole(actor, 'head', 'deputy_head', 'clerk') : [];
    if (scope === 'department' && !scopeDepts.length) throw forbidden('Chỉ trưởng phòng, phó trưởng phòng hoặc văn thư của phòng xem được việc của cả phòng.');
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const { ctx, params, typed } = await this.context(actor, scope, scopeDepts);
    const kind = q.kind ? `AND i.kind = ${ctx.p(q.kind)}` : '';
    const after = q.cursor ? `AND ${afterCursor(decodeCursor(q.cursor), ctx.p)}` : '';
    const [row] = await this.query<{ counts: WorklistCounts; items: Row[] }>(
      `WITH items AS MATERIALIZED (${itemsSql(this.registry.all(), ctx)}),
            ${typed()},
            page AS (SELECT * FROM items i WHERE true ${kind} ${after} ORDER BY ${SORT_COLUMNS.join(', ')} LIMIT ${ctx.p(limit + 1, 'int')})
       SELECT (SELECT json_build_object('incoming', count(*) FILTER (WHERE kind = 'incoming'), 'outgoing', count(*) FILTER (WHERE kind = 'outgoing'),
                 'task', count(*) FILTER (WHERE kind = 'task'), 'overdue', count(*) FILTER (WHERE od = 0), 'total', count(*)) FROM items) AS counts,
              (SELECT coalesce(json_agg(${this.rowJson()} ORDER BY ${SORT_COLUMNS.map((c) => `i.${c}`).join(', ')}), '[]')
                 FROM page i) AS items`,
      params);
    const rows = row.items;
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toItem);
    return { items, counts: row.counts, nextCursor: more ? encodeCursor(rows[limit - 1].cursor) : null };
  }

  /**
   * Everything waiting for the caller (API.md "Worklist"): the v2 list unpaged, most urgent first, in /inbox's own
   * shape. Plain columns, no names joined, no JSON per row: a heavy clerk has thousands of items (B3).
   */
  async inbox(actor: Actor): Promise<WorklistItem[]> {
    const { ctx, params, typed } = await this.context(actor, 'mine', []);
    const items = itemsSql(this.registry.all(), ctx);
    const rows = await this.query<Row>(
      `WITH ${typed()} SELECT i.kind, i.id, i.line_id, i.title, i.action, to_char(i.deadline, 'YYYY-MM-DD') AS deadline, i.urgency,
              i.od = 0 AS overdue, ${ISO_MS('i.since')} AS since, i.on_behalf_of
         FROM (${items}) i ORDER BY ${SORT_COLUMNS.map((c) => `i.${c}`).join(', ')}`, params);
    return rows.map((r) => ({
      kind: r.kind, id: r.id, lineId: r.line_id, title: r.title, action: r.action, deadline: r.deadline, urgency: r.urgency,
      overdue: r.overdue, since: r.since, onBehalfOfUserId: r.on_behalf_of,
    }));
  }

  /** The ward's open items the rules leave to a fallback or to nobody (readiness `stuckItems`). */
  async stuck(actor: Actor): Promise<{ rows: StuckRow[]; routing: WardRouting }> {
    const { ctx, params, routing, typed } = await this.context(actor, 'stuck', []);
    const items = itemsSql(this.registry.all(), ctx);
    const rows = await this.query<StuckRow>(
      `WITH ${typed()} SELECT i.kind, i.id, i.line_id, i.title, i.problem, i.department_id FROM (${items}) i
        ORDER BY i.urank, i.od, i.dl, i.since, i.id LIMIT 500`, params);
    return { rows, routing };
  }

  private async context(actor: Actor, scope: WorklistSqlContext['scope'], scopeDepts: string[]) {
    const orgId = actor.orgId as string;
    const today = localDate(this.clock.now(), actor.timeZone);
    const routing = await this.routing.forOrganization(orgId);
    const params: unknown[] = [orgId, today];
    const casts: string[] = ['uuid', 'date'];
    const p = (v: unknown, cast?: string) => {
      casts.push(cast ?? 'text');
      return `$${params.push(v)}${cast ? `::${cast}` : ''}`;
    };
    const ctx: WorklistSqlContext = {
      actor, org: '$1', today: '$2::date', scope, p,
      me: p(actor.userId, 'uuid'),
      office: p(routing.officeDepartmentId, 'uuid'),
      handled: p(routing.departmentsHandledBy(actor.userId), 'uuid[]'),
      fallbackDepts: p(routing.fallbackDepartments(), 'uuid[]'),
      scopeDepts: p(scopeDepts, 'uuid[]'),
    };
    // Every parameter typed once in a CTE no one reads: PostgreSQL refuses a parameter no part of a statement mentions.
    const typed = () => `_params AS (SELECT ${casts.map((c, i) => `$${i + 1}::${c}`).join(', ')})`;
    return { ctx, params, routing, typed };
  }

  /** One page row as JSON; the sender's name by primary key for each of the page's rows (a join let the generic plan hash every user of the province). */
  private rowJson(): string {
    return `json_build_object('kind', i.kind, 'id', i.id, 'line_id', i.line_id, 'title', i.title, 'action', i.action, 'role', i.role,
      'reference', i.reference, 'from_user_id', i.from_user_id,
      'from_name', coalesce((SELECT full_name FROM users WHERE id = i.from_user_id), i.from_text),
      'from_position', (SELECT position_title FROM users WHERE id = i.from_user_id),
      'deadline', to_char(i.deadline, 'YYYY-MM-DD'), 'urgency', i.urgency, 'since', ${ISO_MS('i.since')}, 'overdue', i.od = 0,
      'on_behalf_of', i.on_behalf_of, 'cursor', ${CURSOR_SQL})`;
  }
}

function toItem(r: Row): WorklistV2Item {
  return {
    kind: r.kind, id: r.id, lineId: r.line_id, title: r.title, action: r.action, actionLabel: actionLabel(r.action), role: r.role ?? null,
    reference: r.reference ?? '', from: r.from_name, fromUserId: r.from_user_id, fromPosition: r.from_position, deadline: r.deadline,
    urgency: r.urgency, overdue: r.overdue, since: r.since, onBehalfOfUserId: r.on_behalf_of,
    flagged: r.urgency === 'flash' || r.urgency === 'very_urgent',
  };
}
