/**
 * The one piece of SQL that hands out register numbers (DESIGN decision 4): create or increment the counter row of
 * (register, local year) and return the new number. The row lock it takes queues concurrent registrations in the same
 * register until commit; a rollback gives the number back; a committed number is never handed out again.
 * Used alone (RegistersService.allocateNumber) or as the first CTE of a statement that also writes the numbered row.
 */
export const NEXT_NUMBER_SQL = (org: string, register: string, year: string) =>
  `INSERT INTO register_counters (organization_id, register_id, year, last_number) VALUES (${org}, ${register}, ${year}, 1)
   ON CONFLICT (register_id, year) DO UPDATE SET last_number = register_counters.last_number + 1
   RETURNING last_number`;
