import { createMongoAbility, subject as caslSubject, type MongoAbility } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { api, call, setSignedOutHandler, tokens } from '../api/client';
import type { Me, Role } from '../api/types';

export type Ability = MongoAbility;

export interface Auth {
  me: Me;
  ability: Ability;
  /** CASL check; with a record, conditions are matched against it (organizationId is filled in). */
  can: (action: string, subjectType: string, record?: Record<string, unknown>) => boolean;
  hasRole: (...roles: Role[]) => boolean;
  rolesIn: (...roles: Role[]) => string[];
  isOfficeClerk: boolean;
  isLeader: boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

export function useMeQuery() {
  return useQuery({
    queryKey: ['me'],
    enabled: !!tokens.access,
    queryFn: async () => (await call(api.GET('/api/v1/auth/me'))) as unknown as Me,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function buildAuth(me: Me, officeId: string | null): Auth {
  const ability = createMongoAbility(unpackRules(me.rules as PackRule<never>[]) as never);
  const hasRole = (...roles: Role[]) => me.roles.some((r) => roles.includes(r.role));
  const rolesIn = (...roles: Role[]) => me.roles.filter((r) => roles.includes(r.role) && r.departmentId).map((r) => r.departmentId as string);
  return {
    me, ability, hasRole, rolesIn,
    can: (action, type, record) =>
      record ? ability.can(action, caslSubject(type, { organizationId: me.organizationId, ...record }) as never) : ability.can(action, type as never),
    isLeader: hasRole('chairman', 'vice_chairman'),
    isOfficeClerk: !!officeId && rolesIn('clerk').includes(officeId),
  };
}

export function AuthProvider({ me, officeId, children }: { me: Me; officeId: string | null; children: ReactNode }) {
  const value = useMemo(() => buildAuth(me, officeId), [me, officeId]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** Sends the user back to sign-in when the session ends (refresh refused). */
export function useSignedOutRedirect(go: () => void) {
  const qc = useQueryClient();
  useEffect(() => {
    setSignedOutHandler(() => { qc.clear(); go(); });
  }, [qc, go]);
}
