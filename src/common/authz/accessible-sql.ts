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
  const walk = (c: Condition): string => {
    switch (c.operator) {
      case 'and':
      case 'or': {
        const parts = (c.value as Condition[]).map(walk);
        if (!parts.length) return c.operator === 'and' ? 'TRUE' : 'FALSE';
        return `(${parts.join(c.operator === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `NOT (${walk((Array.isArray(c.value) ? c.value[0] : c.value) as Condition)})`;
      case 'eq':
      case 'in': {
        const map = fields[c.field as string];
        if (!map) throw new Error(`accessibleSql: no SQL mapping for ${subject}.${c.field}`);
        if (c.operator === 'eq' && c.value === null && typeof map === 'string') return `${map} IS NULL`;
        const param = next(c.value);
        if (typeof map === 'function') return map(c.operator, param);
        return c.operator === 'eq' ? `${map} = ${param}` : `${map} = ANY(${param})`;
      }
      default:
        throw new Error(`accessibleSql: operator ${c.operator} is not supported in list filters`);
    }
  };
  return { sql: walk(ast), params };
}
