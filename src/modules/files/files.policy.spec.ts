import { buildAbility, subjectOf } from '../../common/authz/ability';
import type { ActorData } from '../../common/auth/actor';
import type { Role } from '../../common/auth/roles';
import { filesPolicy } from './files.policy';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '22222222-2222-4222-8222-222222222222';
const ME = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const COLLEAGUE = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const actor = (roles: Role[], orgId: string | null = ORG): ActorData => ({
  userId: ME, sessionId: null, username: 'u', fullName: 'U', orgId, isSystemAdmin: orgId === null, departmentId: null,
  positionTitle: '', timeZone: 'Asia/Ho_Chi_Minh', roles: roles.map((role) => ({ role, departmentId: null, departmentKind: null })),
  delegations: [], signingRules: [],
} as unknown as ActorData);

describe('files policy', () => {
  it.each([
    ['a member without roles', [] as Role[]],
    ['an admin', ['admin'] as Role[]],
    ['the chairman', ['chairman'] as Role[]],
  ])('%s may upload in their organization and read only what they uploaded there', (_, roles) => {
    const ability = buildAbility(actor(roles), [filesPolicy]);
    const file = (organizationId: string, createdByUserId: string | null) => subjectOf('File', { organizationId, createdByUserId });
    expect(ability.can('create', subjectOf('File', { organizationId: ORG }) as never)).toBe(true);
    expect(ability.can('create', subjectOf('File', { organizationId: OTHER_ORG }) as never)).toBe(false);
    expect(ability.can('read', file(ORG, ME) as never)).toBe(true);
    expect(ability.can('read', file(ORG, COLLEAGUE) as never)).toBe(false);
    expect(ability.can('read', file(ORG, null) as never)).toBe(false);
    expect(ability.can('read', file(OTHER_ORG, ME) as never)).toBe(false);
  });

  it('a system administrator, outside any organization, gets no file rule', () => {
    const ability = buildAbility(actor([], null), [filesPolicy]);
    expect(ability.can('create', 'File')).toBe(false);
    expect(ability.can('read', 'File')).toBe(false);
  });
});
