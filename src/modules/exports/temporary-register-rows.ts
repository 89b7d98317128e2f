import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RegisterHeading, RegisterPdfRendererPort, RegisterQuery, RegisterRow, RegisterRowSourcePort } from './register-rows.port';

/** TEMPORARY stand-in for the printed-registers module (incoming register only), removed when it is merged. */
@Injectable()
export class TemporaryRegisterRows implements RegisterRowSourcePort, RegisterPdfRendererPort {
  constructor(private readonly ds: DataSource) {}

  private where(q: RegisterQuery): [string, unknown[]] {
    return [`organization_id = $1 AND arrival_number IS NOT NULL AND arrival_date BETWEEN $2 AND $3 AND ($4::uuid IS NULL OR register_id = $4)`,
      [q.organizationId, q.from, q.to, q.registerId ?? null]];
  }

  async count(q: RegisterQuery): Promise<number> {
    const [w, p] = this.where(q);
    const [r] = (await this.ds.query(`SELECT count(*)::int AS n FROM incoming_documents WHERE ${w}`, p)) as { n: number }[];
    return r.n;
  }

  async *stream(q: RegisterQuery): AsyncIterable<RegisterRow> {
    const [w, p] = this.where(q);
    let after: [string, number] = ['0001-01-01', 0];
    for (;;) {
      const rows = (await this.ds.query(
        `SELECT to_char(arrival_date, 'YYYY-MM-DD') AS "arrivalDate", arrival_number AS "arrivalNumber", issuer_name AS "issuerName", symbol,
                to_char(document_date, 'YYYY-MM-DD') AS "documentDate", document_type || ' ' || summary AS "typeAndSummary", note
           FROM incoming_documents WHERE ${w} AND (arrival_date, arrival_number) > ($5::date, $6::int)
          ORDER BY arrival_date, arrival_number LIMIT 1000`, [...p, after[0], after[1]])) as RegisterRow[];
      for (const r of rows) yield r;
      if (rows.length < 1000) return;
      const last = rows[rows.length - 1];
      after = [last.arrivalDate as string, last.arrivalNumber as number];
    }
  }

  async heading(q: RegisterQuery): Promise<RegisterHeading> {
    const [o] = (await this.ds.query(`SELECT name FROM organizations WHERE id = $1`, [q.organizationId])) as { name: string }[];
    return { agencyName: o?.name ?? '', registerName: '', year: Number(q.from.slice(0, 4)) };
  }

  async render(): Promise<unknown> {
    throw new Error('PDF registers come with the printed-registers module');
  }
}
