import type { ActorDelegation, ActorRole, ActorSigningRule } from '../../common/auth/actor';
import { type DepartmentKind, type Role, roleName } from '../../common/auth/roles';
import { documentType } from '../catalogs/document-types';
import { RoleRef, rulesFor } from '../signing-rules/rule-match';

export type Authority = ActorSigningRule['authority'];

export interface SignatureBlockData {
  lines: string[];
  name: string;
}

export { rulesFor, typeCovered } from '../signing-rules/rule-match';

/**
 * The forms a rule lets its holder sign in. A Phó Chủ tịch who signs KT. may also sign a collective decision for the
 * UBND, which is written TM. + KT. (Decree 30 Điều 13, Phụ lục I II.7).
 */
export function authoritiesOf(rule: ActorSigningRule): Authority[] {
  return rule.authority === 'KT' && rule.role === 'vice_chairman' ? ['KT', 'TM'] : [rule.authority];
}

/** The CASL documentType condition for a list of types ('*' = every type), narrowed by a delegation's types. */
export function typeScope(ruleTypes: string[], delegated: string[] | null): { documentType?: { $in: string[] } } | null {
  const all = ruleTypes.includes('*');
  if (delegated === null) return all ? {} : { documentType: { $in: ruleTypes } };
  const types = all ? delegated : delegated.filter((t) => ruleTypes.includes(t));
  return types.length ? { documentType: { $in: types } } : null;
}


/** The collective body signed for with TM.: "Ủy ban nhân dân phường Tân Bình" → "ỦY BAN NHÂN DÂN". */
export function collectiveBodyName(orgName: string, shortName: string): string {
  const name = orgName.normalize('NFC').trim();
  if (/^(ủy|uỷ) ban nhân dân/i.test(name) || shortName.toUpperCase() === 'UBND') return 'ỦY BAN NHÂN DÂN';
  const cut = name.split(/\s+(phường|xã|thị trấn|đặc khu|quận|huyện|thị xã|thành phố|tỉnh)\s+/i)[0];
  return upper(cut);
}

export const upper = (s: string) => s.normalize('NFC').trim().toLocaleUpperCase('vi');

/** The head of a UBND is its Chủ tịch: every authority line points at that title. */
const HEAD_TITLE = 'CHỦ TỊCH';

export interface BlockPerson {
  fullName: string;
  positionTitle: string;
  roles: RoleRef[];
}

const hasRole = (p: BlockPerson, role: Role) => p.roles.some((r) => r.role === role);

function positionLine(p: BlockPerson): string {
  if (hasRole(p, 'chairman')) return HEAD_TITLE;
  if (hasRole(p, 'vice_chairman')) return 'PHÓ CHỦ TỊCH';
  if (p.positionTitle.trim()) return upper(p.positionTitle);
  if (p.roles.some((r) => r.role === 'head' && r.departmentKind === 'office')) return 'CHÁNH VĂN PHÒNG';
  return 'TRƯỞNG PHÒNG';
}

/**
 * The signature block (Decree 30 Phụ lục I, ô 7a–7b): authority lines, position, name (no titles).
 * TM: `TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH` — or for a deputy `TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`;
 * KT: `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`; TL: `TL. CHỦ TỊCH` / `CHÁNH VĂN PHÒNG`; TUQ: `TUQ. CHỦ TỊCH` / the delegate's
 * position; Q: `Q. CHỦ TỊCH`; direct: `CHỦ TỊCH`.
 */
export function buildSignatureBlock(authority: Authority, signer: BlockPerson, collectiveName: string, principal?: BlockPerson | null): SignatureBlockData {
  const name = signer.fullName.normalize('NFC').trim();
  const isHead = hasRole(signer, 'chairman');
  switch (authority) {
    case 'TM':
      return { lines: isHead ? [`TM. ${collectiveName}`, HEAD_TITLE] : [`TM. ${collectiveName}`, `KT. ${HEAD_TITLE}`, positionLine(signer)], name };
    case 'KT':
      return { lines: [`KT. ${HEAD_TITLE}`, positionLine(signer)], name };
    case 'TL':
      return { lines: [`TL. ${HEAD_TITLE}`, positionLine(signer)], name };
    case 'TUQ': {
      const of = principal && !hasRole(principal, 'chairman') ? positionLine(principal) : HEAD_TITLE;
      return { lines: [`TUQ. ${of}`, positionLine(signer)], name };
    }
    case 'Q':
      return { lines: [`Q. ${HEAD_TITLE}`], name };
    case 'direct':
      return { lines: [positionLine(signer)], name };
  }
}

const AUTHORITY_WORDS: Record<Authority, string> = {
  direct: 'trực tiếp (không ghi hình thức)',
  TM: 'thay mặt (TM.)',
  KT: 'ký thay (KT.)',
  TL: 'thừa lệnh (TL.)',
  TUQ: 'thừa ủy quyền (TUQ.)',
  Q: 'quyền (Q.)',
};

const typeNames = (types: string[]) => (types.includes('*') ? 'mọi loại văn bản' : `các loại: ${types.map((t) => documentType(t).name).join(', ')}`);

/**
 * What the working rules allow someone with these roles, in words for a refusal:
 * "Theo quy chế, Chánh Văn phòng chỉ được ký thừa lệnh (TL.) các loại: Thông báo, Giấy mời, Giấy giới thiệu, Công văn."
 */
export function describeAllowed(roles: RoleRef[], rules: ActorSigningRule[], who?: string): string {
  const mine = rulesFor(roles, rules);
  if (!mine.length) return `Theo quy chế, ${who ?? 'bạn'} không được ký văn bản nào.`;
  const parts = mine.map((rule) => {
    const holder = roles.find((r) => r.role === rule.role && (!rule.departmentKind || rule.departmentKind === r.departmentKind)) as RoleRef;
    const label = who ?? roleName(holder.role, rule.departmentKind ?? holder.departmentKind);
    const forms = authoritiesOf(rule).map((a) => AUTHORITY_WORDS[a]).join(' hoặc ');
    return `${label} chỉ được ký ${forms} ${typeNames(rule.documentTypes)}`;
  });
  return `Theo quy chế, ${parts.join('; ')}.`;
}

export const authorityWords = (a: Authority) => AUTHORITY_WORDS[a];

/** The active delegation from this principal that covers the type (documentTypes null = all the principal may sign). */
export function delegationFor(delegations: ActorDelegation[], principalId: string, type: string): ActorDelegation | null {
  return delegations.find((d) => d.fromUserId === principalId && (d.documentTypes === null || d.documentTypes.includes(type))) ?? null;
}

export const rolesOf = (roles: ActorRole[]): RoleRef[] => roles.map((r) => ({ role: r.role, departmentKind: r.departmentKind }));
