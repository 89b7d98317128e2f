import { PDFFont } from 'pdf-lib';
import { REGISTER_TITLES, RegisterPrintKind, formatRegisterDate, registerDay } from './register-columns';
import type { RegisterHeading } from './register-rows.source';
import { PdfContent, TextMeasure } from './pdf-content';
import { RegisterPaper, TableFonts, mm } from './register-table';

function centred(content: PdfContent, font: PDFFont, size: number, cx: number, y: number, text: string, maxWidth: number): number {
  const m = new TextMeasure(font);
  const lines = m.wrap(text.normalize('NFC'), size, maxWidth);
  lines.forEach((line, i) => content.text(font, size, cx - m.width(line, size) / 2, y - i * size * 1.25, line));
  return y - lines.length * size * 1.25;
}

/**
 * The cover ("bìa và trang đầu" of the Decree 30 register): the agency as in a document header, the register's name,
 * the year, the period, and the first and last number it holds. The page count is added once it is known.
 */
export function drawCover(content: PdfContent, paper: RegisterPaper, fonts: TableFonts, kind: RegisterPrintKind, h: RegisterHeading): void {
  const left = paper.margin.left;
  const usable = paper.width - left - paper.margin.right;
  const headerCx = left + mm(55);
  let y = paper.height - paper.margin.top - mm(8);
  if (h.parentAgencyName) y = centred(content, fonts.regular, 12, headerCx, y, h.parentAgencyName.toLocaleUpperCase('vi'), mm(100));
  y = centred(content, fonts.bold, 12, headerCx, y, h.agencyName.toLocaleUpperCase('vi'), mm(100));
  content.line(headerCx - mm(15), y + 8, headerCx + mm(15), y + 8);

  const cx = left + usable / 2;
  y = paper.height * 0.62;
  y = centred(content, fonts.bold, 24, cx, y, REGISTER_TITLES[kind], usable - mm(40));
  if (h.registerName && h.registerName.toLocaleUpperCase('vi') !== REGISTER_TITLES[kind]) {
    y = centred(content, fonts.italic, 14, cx, y - 4, `(${h.registerName})`, usable - mm(40));
  }
  y = centred(content, fonts.bold, 16, cx, y - mm(6), `Năm: ${h.year}`, usable);
  const from = registerDay(h.from);
  const to = registerDay(h.to);
  if (from && to) y = centred(content, fonts.regular, 14, cx, y - mm(4), `Từ ngày ${formatRegisterDate(from)} đến ngày ${formatRegisterDate(to)}`, usable);
  const numbers = h.fromNumber !== null && h.toNumber !== null
    ? `Từ số ${h.fromNumber} đến số ${h.toNumber}` : 'Không có văn bản nào trong thời gian này';
  centred(content, fonts.regular, 14, cx, y - mm(2), numbers, usable);
}

/** Written on the cover when the last page is known: binding practice states how many pages the register has. */
export function drawPageCount(content: PdfContent, paper: RegisterPaper, fonts: TableFonts, pages: number): void {
  const cx = paper.margin.left + (paper.width - paper.margin.left - paper.margin.right) / 2;
  const text = pages > 0 ? `Sổ gồm ${pages} trang, đánh số từ trang 1 đến trang ${pages} (không kể bìa).` : 'Sổ không có trang nào.';
  centred(content, fonts.italic, 12, cx, paper.margin.bottom + mm(12), text, mm(200));
}

export function drawPageNumber(content: PdfContent, paper: RegisterPaper, fonts: TableFonts, m: TextMeasure, n: number, total: number): void {
  const text = `Trang ${n}/${total}`;
  content.text(fonts.regular, 10, paper.width - paper.margin.right - m.width(text, 10), mm(8), text);
}
