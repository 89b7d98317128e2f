import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegisterPrintKind, RegisterRow } from './register-columns';
import { mapIncomingRegisterRow, mapIncomingTrackingRow, mapOutgoingRegisterRow } from './register-row-mappers';
import {
  HEADING_SQL, INCOMING_COUNT_SQL, INCOMING_RANGE_SQL, INCOMING_REGISTER_PAGE_SQL, INCOMING_TRACKING_PAGE_SQL,
  OUTGOING_COUNT_SQL, OUTGOING_RANGE_SQL, OUTGOING_REGISTER_PAGE_SQL,
} from './register-rows.sql';

/** A period of one register (or of the agency's / a department's registers of the kind). Days are local and inclusive. */
export interface RegisterQuery {
  organizationId: string;
  kind: RegisterPrintKind;
  registerId?: string;
  departmentId?: string;
  /** YYYY-MM-DD, Asia/Ho_Chi_Minh (the organization's zone). */
  from: string;
  to: string;
}

export interface RegisterHeading {
  agencyName: string;
  parentAgencyName: string | null;
  registerName: string;
  year: number;
  fromNumber: number | null;
  toNumber: number | null;
  /** Added: the period printed, YYYY-MM-DD. */
  from: string;
  to: string;
}

export const REGISTER_PAGE_SIZE = 1000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface PageRow { id: string; key_day: string; key_number: number }

const DEFAULT_NAMES: Record<RegisterPrintKind, string> = {
  incoming_register: 'Sổ đăng ký văn bản đến',
  outgoing_register: 'Sổ đăng ký văn bản đi',
  incoming_tracking: 'Sổ theo dõi giải quyết văn bản đến',
};

/**
 * Reads the rows of a printed register in keyset pages of REGISTER_PAGE_SIZE (one short statement per page, no
 * transaction held open), so a year of a busy ward never sits in memory at once. It does not check who asks:
 * the caller (the export job) has already decided that the actor may read the register.
 */
@Injectable()
export class RegisterRowSource {
  constructor(private readonly db: DataSource) {}

  async count(q: RegisterQuery): Promise<number> {
    const sql = q.kind === 'outgoing_register' ? OUTGOING_COUNT_SQL : INCOMING_COUNT_SQL;
    const [row] = (await this.db.query(sql, this.scope(q))) as { n: number }[];
    return Number(row.n);
  }

  async *stream(q: RegisterQuery, pageSize = REGISTER_PAGE_SIZE): AsyncIterable<RegisterRow> {
    const { sql, map } = this.page(q.kind);
    const scope = this.scope(q);
    let key: [string | null, number | null, string | null] = [null, null, null];
    for (;;) {
      const rows = (await this.db.query(sql, [...scope, ...key, pageSize])) as (PageRow & Record<string, unknown>)[];
      for (const r of rows) yield map(r);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      key = [last.key_day, Number(last.key_number), last.id];
    }
  }

  async heading(q: RegisterQuery): Promise<RegisterHeading> {
    const scope = this.scope(q);
    const [h] = (await this.db.query(HEADING_SQL, scope.slice(0, 3))) as {
      agency_name: string; parent_name: string | null; register_name: string | null; register_year: number | null; department_name: string | null;
    }[];
    if (!h) throw new Error(`organization ${q.organizationId} not found`);
    const rangeSql = q.kind === 'outgoing_register' ? OUTGOING_RANGE_SQL : INCOMING_RANGE_SQL;
    const [range] = (await this.db.query(rangeSql, scope)) as { from_number: number | null; to_number: number | null }[];
    const base = h.register_name ?? DEFAULT_NAMES[q.kind];
    const registerName = q.kind === 'incoming_tracking' && h.register_name ? `${DEFAULT_NAMES.incoming_tracking} (${h.register_name})`
      : !h.register_name && h.department_name ? `${base} - ${h.department_name}` : base;
    return {
      agencyName: h.agency_name,
      parentAgencyName: h.parent_name,
      registerName,
      year: h.register_year ?? Number(q.from.slice(0, 4)),
      fromNumber: range?.from_number ?? null,
      toNumber: range?.to_number ?? null,
      from: q.from,
      to: q.to,
    };
  }

  private scope(q: RegisterQuery): unknown[] {
    if (!q.organizationId) throw new Error('RegisterRowSource: organization id is required');
    if (!DAY.test(q.from) || !DAY.test(q.to)) throw new Error('RegisterRowSource: from and to must be YYYY-MM-DD');
    return [q.organizationId, q.registerId ?? null, q.departmentId ?? null, q.from, q.to];
  }

  private page(kind: RegisterPrintKind): { sql: string; map: (r: Record<string, unknown>) => RegisterRow } {
    switch (kind) {
      case 'incoming_register': return { sql: INCOMING_REGISTER_PAGE_SQL, map: mapIncomingRegisterRow };
      case 'outgoing_register': return { sql: OUTGOING_REGISTER_PAGE_SQL, map: mapOutgoingRegisterRow };
      case 'incoming_tracking': return { sql: INCOMING_TRACKING_PAGE_SQL, map: mapIncomingTrackingRow };
    }
  }
}
