import type { Me } from '../../api/types';

const HEAD = 'CHỦ TỊCH';
const COLLECTIVE = 'ỦY BAN NHÂN DÂN';
export const AUTHORITIES = ['direct', 'TM', 'KT', 'TL', 'TUQ', 'Q'] as const;
export const AUTHORITY_WORDS: Record<string, string> = {
  direct: 'Ký trực tiếp', TM: 'TM. (thay mặt)', KT: 'KT. (ký thay)', TL: 'TL. (thừa lệnh)', TUQ: 'TUQ. (thừa ủy quyền)', Q: 'Q. (quyền)',
};

const position = (me: Me) => {
  if (me.roles.some((r) => r.role === 'chairman')) return HEAD;
  if (me.roles.some((r) => r.role === 'vice_chairman')) return 'PHÓ CHỦ TỊCH';
  return me.positionTitle.trim() ? me.positionTitle.toLocaleUpperCase('vi') : 'TRƯỞNG PHÒNG';
};

/** The block the service will print for this signer and authority (Decree 30, Phụ lục I, ô 7a–7b). */
export function signatureBlockLines(authority: string, me: Me): string[] {
  const isHead = me.roles.some((r) => r.role === 'chairman');
  switch (authority) {
    case 'TM': return isHead ? [`TM. ${COLLECTIVE}`, HEAD] : [`TM. ${COLLECTIVE}`, `KT. ${HEAD}`, position(me)];
    case 'KT': return [`KT. ${HEAD}`, position(me)];
    case 'TL': return [`TL. ${HEAD}`, position(me)];
    case 'TUQ': return [`TUQ. ${HEAD}`, position(me)];
    case 'Q': return [`Q. ${HEAD}`];
    default: return [position(me)];
  }
}
