import { EdxmlError } from './edxml-error';
import { fromWireDate, toWireDate } from './edxml-dates';

/**
 * The global document id (DOMAIN.md §2.3): `<senderOrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>`,
 * e.g. `000.00.00.G22,2015/09/30,7816/VPCP-TTĐT`. The code part may itself contain commas in theory, so parsing
 * splits on the first two commas only.
 */

export interface ParsedDocumentId {
  organId: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `<số>/<ký hiệu>` as written. */
  code: string;
  codeNumber: string;
  codeNotation: string;
}

/** `date` is `YYYY-MM-DD`; `code` is `<số>/<ký hiệu>` (e.g. `05/TB-UBND`). */
export function formatDocumentId(organId: string, date: string, code: string): string {
  const id = (organId ?? '').trim();
  const c = (code ?? '').trim();
  if (!id || id.includes(',')) throw new EdxmlError('Mã định danh cơ quan gửi trống hoặc chứa dấu phẩy', 'documentId');
  if (!c) throw new EdxmlError('Số, ký hiệu văn bản trống', 'documentId');
  return `${id},${toWireDate(date, 'documentId')},${c}`;
}

export function parseDocumentId(s: string): ParsedDocumentId {
  const value = (s ?? '').trim();
  const first = value.indexOf(',');
  const second = first === -1 ? -1 : value.indexOf(',', first + 1);
  if (first <= 0 || second === -1 || second === value.length - 1) {
    throw new EdxmlError(`Mã văn bản không đúng dạng <mã cơ quan>,<yyyy/MM/dd>,<số>/<ký hiệu>: "${value.slice(0, 80)}"`, 'documentId');
  }
  const code = value.slice(second + 1);
  const slash = code.indexOf('/');
  return {
    organId: value.slice(0, first),
    date: fromWireDate(value.slice(first + 1, second), 'documentId'),
    code,
    codeNumber: slash === -1 ? code : code.slice(0, slash),
    codeNotation: slash === -1 ? '' : code.slice(slash + 1),
  };
}

/** `<số>/<ký hiệu>` from the two parts of `Code` (just the notation when there is no number). */
export function joinCode(codeNumber: string, codeNotation: string): string {
  return codeNumber ? (codeNotation ? `${codeNumber}/${codeNotation}` : codeNumber) : codeNotation;
}
