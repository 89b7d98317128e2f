import { PDFFont } from 'pdf-lib';
import { RegisterColumn, RegisterRow, formatRegisterDate } from './register-columns';
import { PdfContent, TextMeasure } from './pdf-content';

const MM = 72 / 25.4;
export const mm = (v: number): number => v * MM;

/** Paper and margins of a printed register (landscape; the left margin leaves room for binding). */
export interface RegisterPaper {
  name: 'A4' | 'A3';
  width: number;
  height: number;
  margin: { top: number; bottom: number; left: number; right: number };
}

const A4_LANDSCAPE: RegisterPaper = { name: 'A4', width: mm(297), height: mm(210), margin: { top: mm(15), bottom: mm(17), left: mm(20), right: mm(10) } };
const A3_LANDSCAPE: RegisterPaper = { name: 'A3', width: mm(420), height: mm(297), margin: { top: mm(15), bottom: mm(17), left: mm(20), right: mm(10) } };

/** A4 landscape when the columns' widths fit its printable width, A3 landscape otherwise. */
export function paperFor(columns: RegisterColumn[]): RegisterPaper {
  const needed = mm(columns.reduce((s, c) => s + c.width, 0));
  const a4 = A4_LANDSCAPE.width - A4_LANDSCAPE.margin.left - A4_LANDSCAPE.margin.right;
  return needed <= a4 + 0.01 ? A4_LANDSCAPE : A3_LANDSCAPE;
}

export const TABLE_STYLE = {
  bodySize: 10,
  headerSize: 10,
  numberRowSize: 9,
  lineGap: 1.18, // leading = size × lineGap
  padX: mm(1.4),
  padY: mm(1.1),
};

export interface TableFonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

interface LaidCell { lines: string[]; align: 'left' | 'center' }
export interface LaidRow { cells: LaidCell[]; height: number }

/** Column x positions stretched to the printable width. */
export class RegisterTable {
  readonly xs: number[];
  readonly widths: number[];
  private readonly measure: TextMeasure;
  private readonly boldMeasure: TextMeasure;
  readonly headerRow: LaidRow;
  readonly numberRowHeight: number;

  constructor(readonly columns: RegisterColumn[], readonly paper: RegisterPaper, readonly fonts: TableFonts) {
    const printable = paper.width - paper.margin.left - paper.margin.right;
    const total = columns.reduce((s, c) => s + c.width, 0);
    this.widths = columns.map((c) => (c.width / total) * printable);
    this.xs = [];
    let x = paper.margin.left;
    for (const w of this.widths) {
      this.xs.push(x);
      x += w;
    }
    this.measure = new TextMeasure(fonts.regular);
    this.boldMeasure = new TextMeasure(fonts.bold);
    this.headerRow = this.layHeader();
    this.numberRowHeight = TABLE_STYLE.numberRowSize * TABLE_STYLE.lineGap + 2 * TABLE_STYLE.padY;
  }

  get bodyTop(): number {
    return this.paper.height - this.paper.margin.top;
  }

  /** Height available to data rows under the repeated headers. */
  get rowsSpace(): number {
    return this.bodyTop - this.headerRow.height - this.numberRowHeight - this.paper.margin.bottom;
  }

  cellText(column: RegisterColumn, value: RegisterRow[string]): string {
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return formatRegisterDate(value);
    return String(value).normalize('NFC');
  }

  /** Wraps every cell; a row taller than a page is cut (last line ends with '…') so that it never splits. */
  layRow(row: RegisterRow): LaidRow {
    const size = TABLE_STYLE.bodySize;
    const leading = size * TABLE_STYLE.lineGap;
    const maxLines = Math.max(1, Math.floor((this.rowsSpace - 2 * TABLE_STYLE.padY) / leading));
    const cells = this.columns.map((c, i): LaidCell => {
      const text = this.cellText(c, row[c.key] ?? null);
      let lines = text ? this.measure.wrap(text, size, this.widths[i] - 2 * TABLE_STYLE.padX) : [];
      if (lines.length > maxLines) {
        lines = lines.slice(0, maxLines);
        lines[maxLines - 1] = `${lines[maxLines - 1].replace(/\s*\S+$/, '')}…`;
      }
      return { lines, align: c.type === 'text' ? 'left' : 'center' };
    });
    const lineCount = Math.max(1, ...cells.map((c) => c.lines.length));
    return { cells, height: lineCount * leading + 2 * TABLE_STYLE.padY };
  }

  private layHeader(): LaidRow {
    const size = TABLE_STYLE.headerSize;
    const cells = this.columns.map((c, i): LaidCell => ({
      lines: this.boldMeasure.wrap(c.header, size, this.widths[i] - 2 * TABLE_STYLE.padX),
      align: 'center',
    }));
    const lineCount = Math.max(...cells.map((c) => c.lines.length));
    return { cells, height: lineCount * size * TABLE_STYLE.lineGap + 2 * TABLE_STYLE.padY };
  }

  /** Column headings and the (1) (2) … row under them, as on the Decree 30 forms; returns the y below them. */
  drawHeaders(content: PdfContent): number {
    let y = this.bodyTop;
    y = this.drawRow(content, this.headerRow, y, this.fonts.bold, TABLE_STYLE.headerSize, true);
    const numbers: LaidRow = {
      cells: this.columns.map((_, i) => ({ lines: [`(${i + 1})`], align: 'center' })),
      height: this.numberRowHeight,
    };
    return this.drawRow(content, numbers, y, this.fonts.italic, TABLE_STYLE.numberRowSize, false);
  }

  drawBodyRow(content: PdfContent, row: LaidRow, top: number): number {
    return this.drawRow(content, row, top, this.fonts.regular, TABLE_STYLE.bodySize, false);
  }

  private drawRow(content: PdfContent, row: LaidRow, top: number, font: PDFFont, size: number, middle: boolean): number {
    const bottom = top - row.height;
    const leading = size * TABLE_STYLE.lineGap;
    const measure = font === this.fonts.bold ? this.boldMeasure : font === this.fonts.regular ? this.measure : null;
    row.cells.forEach((cell, i) => {
      const x = this.xs[i];
      const w = this.widths[i];
      content.rect(x, bottom, w, row.height);
      const block = cell.lines.length * leading;
      const firstTop = middle ? top - (row.height - block) / 2 : top - TABLE_STYLE.padY;
      cell.lines.forEach((line, k) => {
        const baseline = firstTop - k * leading - size * 0.86;
        const lw = measure ? measure.width(line, size) : font.widthOfTextAtSize(line, size);
        const lx = cell.align === 'center' ? x + (w - lw) / 2 : x + TABLE_STYLE.padX;
        content.text(font, size, lx, baseline, line);
      });
    });
    return bottom;
  }
}
