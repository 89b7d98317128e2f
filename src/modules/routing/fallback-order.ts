/**
 * Who acts for a department when the rules leave nobody — written once, used by the worklist, by routing (who may
 * receive, register, present, assign) and by the readiness report.
 *
 * The order (docs/WORKFLOW.md): the department's clerks → its head → the Office's clerks (văn thư cơ quan) → the
 * Chánh Văn phòng (head of the Office). The first tier with an active person is the one that acts; the agency scope
 * (no department) is the Office's own chain. Tiers 3 and 4 are a fallback the readiness report lists as stuck.
 */
export const FALLBACK_TIERS = ['department_clerk', 'department_head', 'office_clerk', 'chief_of_office'] as const;
export type HandlerTier = (typeof FALLBACK_TIERS)[number] | 'nobody';

export const TIER_LABELS: Record<HandlerTier, string> = {
  department_clerk: 'văn thư của phòng',
  department_head: 'trưởng phòng (phòng chưa có văn thư)',
  office_clerk: 'văn thư Văn phòng (phòng chưa có văn thư và trưởng phòng)',
  chief_of_office: 'Chánh Văn phòng (không còn văn thư nào)',
  nobody: 'không còn ai',
};

/** One active person's clerk or head role in a department. */
export interface StaffRole {
  userId: string;
  role: 'clerk' | 'head';
  departmentId: string;
}

export interface Department {
  id: string;
  name: string;
  kind: string;
}

export interface Handlers {
  /** The department whose chain was followed (the Office for the agency scope); null when the ward has no Office. */
  departmentId: string | null;
  tier: HandlerTier;
  userIds: string[];
  /** True from the Office tiers on (and for nobody): the readiness report lists such items as stuck. */
  fallback: boolean;
}

/** Follows the order for one department (null = the agency scope, kept by the Office). */
export function handlersFor(staff: readonly StaffRole[], departments: readonly Department[], departmentId: string | null): Handlers {
  const office = departments.find((d) => d.kind === 'office') ?? null;
  const deptId = departmentId ?? office?.id ?? null;
  const pick = (role: 'clerk' | 'head', dept: string | null) =>
    dept ? [...new Set(staff.filter((s) => s.role === role && s.departmentId === dept).map((s) => s.userId))] : [];
  const tiers: [HandlerTier, string[]][] = [
    ['department_clerk', pick('clerk', deptId)],
    ['department_head', pick('head', deptId)],
    ['office_clerk', pick('clerk', office?.id ?? null)],
    ['chief_of_office', pick('head', office?.id ?? null)],
  ];
  for (const [t, userIds] of tiers) {
    // The Office's own head is the Chánh Văn phòng: an Office without clerks has fallen back to them.
    const tier: HandlerTier = t === 'department_head' && deptId !== null && deptId === office?.id ? 'chief_of_office' : t;
    if (userIds.length) return { departmentId: deptId, tier, userIds, fallback: tier === 'office_clerk' || tier === 'chief_of_office' };
  }
  return { departmentId: deptId, tier: 'nobody', userIds: [], fallback: true };
}

/** The chains of every department of a ward, resolved once per request. */
export class WardRouting {
  private readonly chains = new Map<string, Handlers>();
  readonly officeDepartmentId: string | null;

  constructor(readonly staff: readonly StaffRole[], readonly departments: readonly Department[]) {
    this.officeDepartmentId = departments.find((d) => d.kind === 'office')?.id ?? null;
    for (const d of departments) this.chains.set(d.id, handlersFor(staff, departments, d.id));
  }

  /** The chain for a department, or for the agency scope (null). */
  handlers(departmentId: string | null): Handlers {
    const key = departmentId ?? this.officeDepartmentId;
    return (key && this.chains.get(key)) || handlersFor(this.staff, this.departments, departmentId);
  }

  /** May this person act for the department (null = agency scope) by the order? */
  actsFor(userId: string, departmentId: string | null): boolean {
    return this.handlers(departmentId).userIds.includes(userId);
  }

  /** The departments (the Office standing for the agency scope) this person currently acts for. */
  departmentsHandledBy(userId: string): string[] {
    return [...this.chains.entries()].filter(([, h]) => h.userIds.includes(userId)).map(([id]) => id);
  }

  /** Departments whose chain has fallen to the Office (or to nobody): their items are stuck. */
  fallbackDepartments(): string[] {
    return [...this.chains.entries()].filter(([, h]) => h.fallback).map(([id]) => id);
  }

  departmentName(id: string | null): string {
    const key = id ?? this.officeDepartmentId;
    return this.departments.find((d) => d.id === key)?.name ?? 'Văn phòng';
  }
}
