import { TIER_LABELS, type WardRouting } from '../routing/fallback-order';
import type { StuckRow } from '../worklist/worklist.service';

export interface StuckItem {
  kind: string;
  id: string;
  lineId: string | null;
  title: string;
  /** Why the rules leave nobody, and who holds it now by the fallback order. */
  reason: string;
  departmentId: string | null;
  /** The fallback tier now holding it (routing/fallback-order.ts). */
  heldBy: string;
}

const PROBLEMS: Record<string, (dept: string) => string> = {
  department_fallback: (dept) => `${dept} không còn văn thư và trưởng phòng đang hoạt động`,
  holder_inactive: () => 'Người được giao đã bị khóa tài khoản hoặc không còn thuộc phòng',
  registrar_inactive: () => 'Người vào sổ đã bị khóa tài khoản hoặc không còn giữ sổ này, văn bản chưa được trình',
  leader_inactive: () => 'Lãnh đạo được trình đã bị khóa tài khoản hoặc không còn chức vụ, văn bản chưa được chỉ đạo',
  no_head: (dept) => `${dept} không còn trưởng phòng, phó trưởng phòng nhận nhiệm vụ`,
};

/** A readiness line: what is stuck, why, and who has it now by the fallback order. */
export function describeStuck(r: StuckRow, ward: WardRouting): StuckItem {
  const chain = ward.handlers(r.department_id);
  const dept = ward.departmentName(r.department_id);
  const why = (PROBLEMS[r.problem] ?? (() => r.problem))(dept);
  return {
    kind: r.kind, id: r.id, lineId: r.line_id, title: r.title, departmentId: r.department_id, heldBy: chain.tier,
    reason: `${why}; đang chờ ${TIER_LABELS[chain.tier]}${chain.tier === 'nobody' ? ' — cần phân công ngay' : ''}.`,
  };
}
