import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Actor, departmentsWithRole, hasRole, isLeader } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { forbidden, notFound, validationFailed } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { DepartmentSummaryDto, IncomingSummaryDto, SummaryDto, SummaryQueryDto, SummaryResponseDto } from './dto/report.dto';
import {
  bind, INCOMING_DEPARTMENT_SUMMARY_SQL, INCOMING_ORG_SUMMARY_SQL, OUTGOING_BY_TYPE_DEPARTMENT_SQL, OUTGOING_BY_TYPE_SQL, PERIOD_BOUNDS_SQL,
  TABLES_PRESENT_SQL, TASKS_SUMMARY_SQL,
} from './queries/summary.queries';

interface Period {
  org: string;
  tz: string;
  fromDay: string;
  toDay: string;
  startAt: Date;
  endAt: Date;
  cutoffDay: string;
  cutoffAt: Date;
}

interface Tables {
  incoming_documents: boolean;
  incoming_lines: boolean;
  outgoing_documents: boolean;
  outgoing_department: boolean;
}

/** onTimeRate = on time ÷ finished with a deadline, as a fraction; null when nothing with a deadline was finished. */
export const rate = (onTime: number, withDeadline: number): number | null => (withDeadline ? onTime / withDeadline : null);

@Injectable()
export class ReportsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly clock: Clock,
  ) {}

  private async q<T>(sql: string, values: Record<string, unknown>): Promise<T[]> {
    const [text, params] = bind(sql, values);
    return (await this.txHost.tx.query(text, params)) as T[];
  }

  async summary(actor: Actor, query: SummaryQueryDto): Promise<SummaryResponseDto> {
    const org = actor.orgId as string;
    const heads = departmentsWithRole(actor, 'head', 'deputy_head');
    const wardWide = isLeader(actor) || hasRole(actor, 'admin');
    // A head who names no department gets their own (the only one they may see).
    const departmentId = query.departmentId ?? (!wardWide && heads.length === 1 ? heads[0] : null);
    // The department exists and is visible to everyone in the ward: refusing its statistics is 403, not 404.
    if (!this.authz.can(actor, 'read', 'Report', { organizationId: org, departmentId })) {
      throw forbidden(heads.length ? 'Trưởng phòng chỉ xem thống kê của phòng mình.' : 'Bạn không có quyền xem thống kê này.');
    }
    if (departmentId) {
      const [d] = await this.q(`SELECT id FROM departments WHERE organization_id = :org AND id = :id`, { org, id: departmentId });
      if (!d) throw notFound('Phòng ban');
    }
    const now = this.clock.now();
    const today = localDate(now, actor.timeZone);
    const toDay = query.to ?? today;
    const fromDay = query.from ?? `${toDay.slice(0, 7)}-01`;
    if (fromDay > toDay) throw validationFailed('from', `Từ ngày (${fromDay}) phải trước hoặc bằng đến ngày (${toDay}).`);
    const [bounds] = await this.q<{ start_at: Date; end_at: Date }>(PERIOD_BOUNDS_SQL, { fromDay, toDay, tz: actor.timeZone });
    const running = toDay >= today;
    const period: Period = {
      org, tz: actor.timeZone, fromDay, toDay, startAt: bounds.start_at, endAt: bounds.end_at,
      cutoffDay: running ? today : addDays(toDay, 1), cutoffAt: running ? now : bounds.end_at,
    };
    const [tables] = await this.q<Tables>(TABLES_PRESENT_SQL, {});
    const result: SummaryResponseDto = { from: fromDay, to: toDay, departmentId, ...(await this.compute(period, tables, departmentId)) };
    if (query.groupBy === 'department') {
      const departments = await this.q<{ id: string; name: string }>(
        `SELECT id, name FROM departments WHERE organization_id = :org ORDER BY name, id`, { org },
      );
      const visible = departments.filter((d) => (departmentId ? d.id === departmentId : this.authz.can(actor, 'read', 'Report', { organizationId: org, departmentId: d.id })));
      result.byDepartment = [];
      for (const d of visible) {
        result.byDepartment.push({ departmentId: d.id, departmentName: d.name, ...(await this.compute(period, tables, d.id)),
          incomingCoordinate: await this.incoming(period, tables, d.id, 'coordinate') } as DepartmentSummaryDto);
      }
      result.departmentTotals = sumIncoming(result.byDepartment.map((d) => d.incoming));
      result.overlaps = OVERLAPS;
    }
    return result;
  }

  /** The ward's documents (dept null), or one department's top-level lines in one role. */
  private async incoming(p: Period, tables: Tables, dept: string | null, role: 'lead' | 'coordinate'): Promise<IncomingSummaryDto> {
    const sql = dept ? (tables.incoming_lines ? INCOMING_DEPARTMENT_SUMMARY_SQL : null) : (tables.incoming_documents ? INCOMING_ORG_SUMMARY_SQL : null);
    let r = { received: 0, completed: 0, in_progress: 0, not_directed: 0, overdue: 0, completed_on_time: 0, completed_with_deadline: 0 };
    if (sql) {
      const v = { org: p.org, dept, role, startAt: p.startAt, endAt: p.endAt, cutoffDay: p.cutoffDay, cutoffAt: p.cutoffAt, tz: p.tz, fromDay: p.fromDay, toDay: p.toDay };
      [r] = await this.q<typeof r>(sql, Object.fromEntries(Object.entries(v).filter(([n]) => sql.includes(`:${n}`))));
    }
    return {
      received: r.received, completed: r.completed, inProgress: r.in_progress, overdue: r.overdue, completedOnTime: r.completed_on_time,
      onTimeRate: rate(r.completed_on_time, r.completed_with_deadline), ...(dept ? {} : { notDirected: r.not_directed }),
    };
  }

  private async compute(p: Period, tables: Tables, dept: string | null): Promise<SummaryDto> {
    const v = { org: p.org, dept, startAt: p.startAt, endAt: p.endAt, cutoffDay: p.cutoffDay, cutoffAt: p.cutoffAt, tz: p.tz, fromDay: p.fromDay, toDay: p.toDay };
    const pick = (sql: string, names: string[]) => Object.fromEntries(names.filter((n) => sql.includes(`:${n}`)).map((n) => [n, v[n as keyof typeof v]]));
    const run = <T>(sql: string) => this.q<T>(sql, pick(sql, Object.keys(v)));

    const [t] = await run<{ assigned: number; done: number; done_on_time: number; done_with_deadline: number; overdue: number }>(TASKS_SUMMARY_SQL);


    const byType: Record<string, number> = {};
    // Until outgoing_documents exists (another module's migration) the outgoing part is zeros; a department filter
    // applies only once that table records the drafting department.
    if (tables.outgoing_documents && (!dept || tables.outgoing_department)) {
      for (const r of await run<{ document_type: string; issued: number }>(dept ? OUTGOING_BY_TYPE_DEPARTMENT_SQL : OUTGOING_BY_TYPE_SQL)) {
        byType[r.document_type] = r.issued;
      }
    }
    return {
      incoming: await this.incoming(p, tables, dept, 'lead'),
      outgoing: { issued: Object.values(byType).reduce((a, b) => a + b, 0), byType },
      tasks: { assigned: t.assigned, done: t.done, doneOnTime: t.done_on_time, overdue: t.overdue, onTimeRate: rate(t.done_on_time, t.done_with_deadline) },
    };
  }
}

/** What the per-department figures are, and where they do not add up to the ward's (returned with groupBy=department). */
export const OVERLAPS = [
  'incoming theo phòng đếm trên dòng chủ trì cấp phòng (lead); incomingCoordinate đếm dòng phối hợp — một văn bản có thể vừa là chủ trì của phòng này vừa là phối hợp của phòng khác, nên không cộng hai loại với nhau.',
  'completed, inProgress, overdue của cả phường bằng tổng theo phòng (departmentTotals) khi mọi văn bản đều giao phòng chủ trì; văn bản giao thẳng cho một người chủ trì không thuộc phòng nào.',
  'received của phường đếm văn bản vào sổ trong kỳ; received theo phòng đếm dòng được chỉ đạo trong kỳ — hai con số khác nhau khi văn bản vào sổ kỳ này được chỉ đạo kỳ sau.',
  'inProgress chỉ đếm văn bản đã có chỉ đạo; văn bản đã vào sổ chưa chỉ đạo nằm ở notDirected (chỉ có ở cấp phường).',
];

function sumIncoming(list: IncomingSummaryDto[]): IncomingSummaryDto {
  const sum = (k: 'received' | 'completed' | 'inProgress' | 'overdue' | 'completedOnTime') => list.reduce((a, x) => a + x[k], 0);
  return { received: sum('received'), completed: sum('completed'), inProgress: sum('inProgress'), overdue: sum('overdue'),
    completedOnTime: sum('completedOnTime'), onTimeRate: null };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
