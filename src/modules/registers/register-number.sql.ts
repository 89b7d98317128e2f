/**
 * The one piece of SQL that hands out register numbers (DESIGN decision 4): create or increment the counter row of
 * (register, local year) and return the new number. The row lock it takes queues concurrent registrations in the same
 * register until commit; a rollback gives the number back; a committed number is never handed out again.
 * Used alone (RegistersService.allocateNumber) or as a CTE of a statement that also writes the numbered row; with
 * `onlyWith` (a CTE name) the number is taken only when that CTE has a row (e.g. no duplicate found).
 */
export const NEXT_NUMBER_SQL = (org: string, register: string, year: string, onlyWith?: string) =>
  `INSERT INTO register_counters (organization_id, register_id, year, last_number)
   ${onlyWith ? `SELECT ${org}, ${register}, ${year}, 1 FROM ${onlyWith}` : `VALUES (${org}, ${register}, ${year}, 1)`}
   ON CONFLICT (register_id, year) DO UPDATE SET last_number = register_counters.last_number + 1
   RETURNING last_number`;
