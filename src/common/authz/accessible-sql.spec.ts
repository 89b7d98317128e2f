import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import type { AppAbility } from './ability';
import { accessibleSql } from './accessible-sql';

const FIELDS = {
  organizationId: 'd.organization_id',
  status: 'd.status',
  lineUserIds: (op: 'eq' | 'in', p: string) => `EXISTS (SELECT 1 FROM l WHERE l.user_id ${op === 'eq' ? '=' : '= ANY'}(${p}))`,
};

function ability(define: (b: AbilityBuilder<AppAbility>) => void): AppAbility {
  const b = new AbilityBuilder<AppAbility>(createMongoAbility);
  define(b);
  return b.build();
}

describe('accessibleSql', () => {
  it('turns each rule into parameters, never into SQL text', () => {
    const a = ability(({ can }) => can('read', 'IncomingDocument', { organizationId: "o1' OR 1=1--" }));
    expect(accessibleSql(a, 'read', 'IncomingDocument', FIELDS)).toEqual({ sql: 'd.organization_id = $1', params: ["o1' OR 1=1--"] });
  });

  it('is FALSE without any rule and TRUE for an unconditional one', () => {
    expect(accessibleSql(ability(() => undefined), 'read', 'IncomingDocument', FIELDS).sql).toBe('FALSE');
    expect(accessibleSql(ability(({ can }) => can('read', 'IncomingDocument')), 'read', 'IncomingDocument', FIELDS).sql).toBe('TRUE');
  });

  it('puts cheap column comparisons before relation probes in an OR, whatever the rule order', () => {
    const a = ability(({ can }) => {
      can('read', 'IncomingDocument', { organizationId: 'o1', status: 'registered' });
      can('read', 'IncomingDocument', { organizationId: 'o1', lineUserIds: 'u1' });
    });
    const { sql } = accessibleSql(a, 'read', 'IncomingDocument', FIELDS);
    expect(sql.indexOf('d.status')).toBeLessThan(sql.indexOf('EXISTS'));
  });

  it('keeps inverted rules as NOT, narrowing the result', () => {
    const a = ability(({ can, cannot }) => {
      can('read', 'IncomingDocument', { organizationId: 'o1' });
      cannot('read', 'IncomingDocument', { status: 'draft' });
    });
    const f = accessibleSql(a, 'read', 'IncomingDocument', FIELDS, 3);
    expect(f.sql).toMatch(/NOT \(d\.status = \$\d\)/);
    expect(f.params).toEqual(expect.arrayContaining(['o1', 'draft']));
    expect(f.sql).toContain('$3');
  });
});
