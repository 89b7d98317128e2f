import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { NEXT_NUMBER_SQL } from '../registers/register-number.sql';
import { DATES, SECRET_SQL } from './incoming-documents.repository';
import type { DocumentRow } from './incoming-record';

export interface RegistrationHistory {
  actorUserId: string;
  note: string | null;
  /** History data besides the arrival number, which the statement adds itself. */
  data: Record<string, unknown>;
  at: Date;
}

/**
 * Registration's write in ONE statement: the next number of the register (counter CTE), the numbered document and its
 * "registered" history row. The counter row lock is held from here to commit, so every round trip inside that window
 * delays the next registration in the same register (bench B1): this one replaces three.
 */
@Injectable()
export class IncomingRegistrationRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async insertNumbered(orgId: string, registerId: string, year: number, values: Record<string, unknown>, history: RegistrationHistory): Promise<DocumentRow> {
    if (!orgId) throw new Error('insertNumbered: organization id is required');
    const cols = Object.keys(values);
    const first = 4;
    const h = first + cols.length;
    const result = await this.txHost.tx.query(
      `WITH n AS (${NEXT_NUMBER_SQL('$1', '$2', '$3')}),
       d AS (INSERT INTO incoming_documents (organization_id, register_id, arrival_year, arrival_number, ${cols.join(', ')})
             SELECT $1, $2, $3, n.last_number, ${cols.map((_, i) => `$${first + i}`).join(', ')} FROM n RETURNING *),
       h AS (INSERT INTO incoming_document_history (organization_id, document_id, action, actor_user_id, note, data, created_at)
             SELECT $1, d.id, 'registered', $${h}, $${h + 1}, $${h + 2}::jsonb || jsonb_build_object('arrivalNumber', d.arrival_number), $${h + 3} FROM d)
       SELECT d.*, ${SECRET_SQL} AS state_secret, ${DATES} '{}'::uuid[] AS line_department_ids, '{}'::uuid[] AS line_user_ids FROM d`,
      [orgId, registerId, year, ...cols.map((c) => values[c]), history.actorUserId, history.note, JSON.stringify(history.data), history.at.toISOString()],
    );
    return (result as DocumentRow[])[0];
  }
}
