import { DECREE30_LAYOUT as L } from './decree30-layout';
import type { PageText, Rect, TextBox } from './pdf-text-boxes';
import { mm } from './text-layout';

/**
 * Where the signature goes on the last page of an uploaded draft (points from the page's bottom-left corner):
 * - 'block': the draft has no signature block of its own; vanthu draws one on the right with its first authority line
 *   at `firstBaseline` — level with the draft's "Nơi nhận:" when it has one, else just below its last text.
 * - 'own': the draft prints its own block ("TL. CHỦ TỊCH" / "CHÁNH VĂN PHÒNG" … name); only the signature image and the
 *   seal go in `area`, the gap between its position line and the name. `nameBaseline`: the draft leaves the name out,
 *   vanthu writes the signer's name there.
 * `minX`: nothing drawn for the signature (the seal included) may reach left of this (the "Nơi nhận" list ends there).
 */
export type SignaturePlacement =
  | { kind: 'block'; firstBaseline: number; minX: number }
  | { kind: 'own'; area: Rect; centreX: number; nameBaseline: number | null; minX: number };

const S = L.signatureBlock;
const LINE = S.size * S.lineHeight;
/** The right column of the signature block, and where the left column ("Nơi nhận") ends. */
const COLUMN = { left: S.centreX - mm(38), right: S.centreX + mm(38) };
const RIGHT_HALF = mm(95);
const CLEARANCE = mm(2);
/** A printed block lies below the header and the type name (which end about 70 mm from the top). */
const BELOW_HEADER = mm(70);
/** Below this gap between the position line and the name there is no room for a signature and a seal. */
export const MIN_SIGNATURE_GAP = mm(20);
/** Authority prefixes and positions that open a printed signature block (Decree 30 Điều 13, Phụ lục I ô 7). */
const AUTHORITY = /^(TM|KT|TL|TUQ|Q)\.\s|^(PHÓ\s+)?(CHỦ TỊCH|CHÁNH VĂN PHÒNG|TRƯỞNG\s|GIÁM ĐỐC|BÍ THƯ|THỦ TRƯỞNG|THƯ KÝ|CHỦ TỌA|CHÁNH THANH TRA)/;

interface Line {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  size: number;
}
/** Cap top and descender bottom of a line or a run (baseline = y for a run). */
const top = (l: { baseline?: number; y?: number; size: number }) => (l.baseline ?? l.y ?? 0) + l.size * 0.8;
const bottom = (l: { baseline?: number; y?: number; size: number }) => (l.baseline ?? l.y ?? 0) - l.size * 0.3;
const isUpper = (s: string) => /\p{L}.*\p{L}/u.test(s) && s === s.toLocaleUpperCase('vi');

/** Runs on one baseline joined left to right. */
function linesOf(items: TextBox[]): Line[] {
  const lines: Line[] = [];
  for (const t of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l.baseline - t.y) < Math.max(l.size, t.size) * 0.4);
    if (line) {
      line.text = line.x0 <= t.x ? `${line.text} ${t.text}` : `${t.text} ${line.text}`;
      line.x0 = Math.min(line.x0, t.x);
      line.x1 = Math.max(line.x1, t.x + t.width);
      line.size = Math.max(line.size, t.size);
    } else {
      lines.push({ text: t.text, x0: t.x, x1: t.x + t.width, baseline: t.y, size: t.size });
    }
  }
  for (const l of lines) l.text = l.text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return lines.sort((a, b) => b.baseline - a.baseline);
}

/** Right edge (plus clearance) of the left-column text between two heights: the seal must stay right of it. */
function leftLimit(p: PageText, low: number, high: number): number {
  const left = p.items.filter((t) => t.x + t.width <= COLUMN.left + mm(10) && t.y - t.size * 0.3 < high && low < t.y + t.size * 0.8);
  return Math.max(L.margin.left, ...left.map((t) => t.x + t.width + CLEARANCE));
}

/** The signature's place on the last page, or a Vietnamese reason why there is none. */
export function findSignaturePlace(p: PageText): { placement: SignaturePlacement | null; problem: string | null } {
  const own = findOwnBlock(p);
  if (own) return own;
  return findBlockSpace(p);
}

function findOwnBlock(p: PageText): { placement: SignaturePlacement | null; problem: string | null } | null {
  const right = linesOf(p.items.filter((t) => t.x >= RIGHT_HALF && t.y < p.height - BELOW_HEADER));
  const first = right.findIndex((l) => isUpper(l.text) && AUTHORITY.test(l.text));
  if (first < 0) return null;
  let last = first;
  while (last + 1 < right.length && isUpper(right[last + 1].text) && right[last].baseline - right[last + 1].baseline < right[last].size * 1.8) last++;
  const position = right[last];
  const name = right.slice(last + 1).find((l) => !isUpper(l.text)) ?? null;
  const centreX = (Math.min(...right.slice(first, last + 1).map((l) => l.x0)) + Math.max(...right.slice(first, last + 1).map((l) => l.x1))) / 2;
  const areaTop = bottom(position) - mm(1);
  const printed = right.slice(first, last + 1).map((l) => l.text).join(' / ');
  if (name) {
    const gap = areaTop - (top(name) + mm(1));
    if (gap < MIN_SIGNATURE_GAP) {
      return { placement: null, problem: `Dự thảo đã có khối chữ ký "${printed}" nhưng khoảng trống giữa dòng "${position.text}" và họ tên "${name.text}" chỉ còn ${Math.round(gap / mm(1))} mm; cần ít nhất ${Math.round(MIN_SIGNATURE_GAP / mm(1))} mm để đặt chữ ký và con dấu.` };
    }
    const low = top(name) + mm(1);
    return { placement: { kind: 'own', area: areaOf(centreX, low, areaTop), centreX, nameBaseline: null, minX: leftLimit(p, low, areaTop) }, problem: null };
  }
  // No name printed: the signature goes under the position line and vanthu writes the name below it.
  const nameBaseline = areaTop - S.signatureGap;
  const below = p.items.some((t) => t.x < COLUMN.right && COLUMN.left < t.x + t.width && t.y < areaTop && t.y + t.size * 0.8 > nameBaseline - S.size * 0.3);
  if (below || nameBaseline - S.size * 0.3 < L.margin.bottom * 0.75) {
    return { placement: null, problem: `Dự thảo đã có khối chữ ký "${printed}" nhưng bên dưới không còn chỗ cho chữ ký và họ tên người ký.` };
  }
  const low = nameBaseline + S.size;
  return { placement: { kind: 'own', area: areaOf(centreX, low, areaTop), centreX, nameBaseline, minX: leftLimit(p, nameBaseline, areaTop) }, problem: null };
}

const areaOf = (centreX: number, low: number, high: number): Rect => ({ x: centreX - S.signatureMaxWidth / 2, y: low, width: S.signatureMaxWidth, height: high - low });

/**
 * No printed block: vanthu's block goes on the right, its top level with "Nơi nhận:" (Phụ lục I: ô 9b sits level with
 * the authority line), or just below the last text when the draft has no "Nơi nhận". Room is checked for the tallest
 * block (4 authority lines), never over text, never into the bottom margin.
 */
export function findBlockSpace(p: PageText): { placement: SignaturePlacement | null; problem: string | null } {
  const recipients = p.items.find((t) => t.x < COLUMN.left && /^\s*Nơi nhận\s*:?/.test(t.text.normalize('NFC')));
  const inColumn = p.items.filter((t) => t.x < COLUMN.right && COLUMN.left < t.x + t.width);
  let firstBaseline: number;
  if (recipients) {
    firstBaseline = top(recipients) - S.size * 0.8;
  } else {
    const lowest = [...p.items].sort((a, b) => a.y - b.y).find((t) => t.x < COLUMN.right && COLUMN.left < t.x + t.width && t.y > L.margin.bottom);
    firstBaseline = lowest ? bottom(lowest) - mm(6) - S.size * 0.8 : p.height - L.margin.top - S.size;
  }
  const height = (S.maxLines - 1) * LINE + S.size + S.signatureGap;
  const blockTop = firstBaseline + S.size * 0.8;
  const blockBottom = firstBaseline - height - S.size * 0.3;
  const blocked = inColumn.some((t) => t.y - t.size * 0.3 < blockTop && blockBottom < t.y + t.size * 0.8);
  if (blocked || blockBottom < L.margin.bottom * 0.75) {
    const where = recipients ? 'ngang dòng "Nơi nhận:"' : 'dưới nội dung';
    return { placement: null, problem: `Trang cuối của dự thảo không còn chỗ trống cho phần chữ ký (chức vụ, chữ ký, họ tên người ký) bên phải, ${where}.` };
  }
  return { placement: { kind: 'block', firstBaseline, minX: leftLimit(p, blockBottom, blockTop) }, problem: null };
}
