import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import { embedFont, pdfText } from '../files/pdf/pdf-fonts';
import { drawCentered, mm, wrapWords } from '../files/pdf/text-layout';

/** What the slip shows, already in words (processing-slip.data.ts builds it from the document). */
export interface ProcessingSlipData {
  parentAgencyName: string | null;
  agencyName: string;
  documentTypeName: string;
  symbol: string;
  documentDate: string; // dd/mm/yyyy
  issuerName: string;
  summary: string;
  arrivalNumber: number | null;
  arrivalDate: string | null; // dd/mm/yyyy
  /** Section 1: the agency leader's direction (null = not directed yet: blank lines to fill by hand). */
  direction: {
    instruction: string | null;
    lead: string[];
    coordinate: string[];
    inform: string[];
    deadline: string | null;
    dateLine: string; // "Ngày 07 tháng 7 năm 2025"
    signer: { name: string; position: string | null } | null;
  } | null;
  /** Section 2: each unit leader's assignment. */
  assignments: { unit: string; assignee: string; deadline: string | null; dateLine: string; by: { name: string; position: string | null } | null; instruction: string | null }[];
  /** Section 3: the handlers' proposals. */
  proposals: { handler: string; text: string; dateLine: string | null }[];
}

const PAGE = { width: 595.28, height: 841.89, left: mm(30), right: mm(15), top: mm(20), bottom: mm(20) };
const BLACK = rgb(0, 0, 0);
/** The Decree 30 header's left column and signature column (files/pdf/decree30-layout.ts). */
const HEADER = { centreX: mm(55), width: mm(68) };
const SIGN_OFF = { centreX: mm(140), width: mm(100) };
const SIZE = 13;
const LEADING = SIZE * 1.3;

interface Fonts { regular: PDFFont; bold: PDFFont; italic: PDFFont; boldItalic: PDFFont }

/** A flowing writer over A4 portrait pages: wraps, and turns the page when the next line would not fit. */
class Flow {
  page: PDFPage;
  y: number;
  constructor(private readonly doc: PDFDocument, readonly fonts: Fonts) {
    this.page = doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.top;
  }

  get width(): number {
    return PAGE.width - PAGE.left - PAGE.right;
  }

  ensure(height: number): void {
    if (this.y - height >= PAGE.bottom) return;
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.top;
  }

  /** A label in bold (or italic) followed by wrapped text; continuation lines start at the left margin + indent. */
  para(label: string, text: string, opts: { indent?: number; labelFont?: PDFFont; font?: PDFFont; size?: number } = {}): void {
    const size = opts.size ?? SIZE;
    const labelFont = opts.labelFont ?? this.fonts.bold;
    const font = opts.font ?? this.fonts.regular;
    const x0 = PAGE.left + (opts.indent ?? 0);
    const labelText = pdfText(label);
    const labelWidth = labelText ? labelFont.widthOfTextAtSize(`${labelText} `, size) : 0;
    const words = pdfText(text);
    const firstWidth = this.width - (opts.indent ?? 0) - labelWidth;
    const first = wrapWords(font, words, size, firstWidth);
    const rest = first.length > 1 ? wrapWords(font, first.slice(1).join(' '), size, this.width - (opts.indent ?? 0)) : [];
    this.ensure(LEADING);
    const baseline = this.y - size;
    if (labelText) this.page.drawText(labelText, { x: x0, y: baseline, size, font: labelFont, color: BLACK });
    if (first[0]) this.page.drawText(first[0], { x: x0 + labelWidth, y: baseline, size, font, color: BLACK });
    this.y -= LEADING;
    for (const line of rest) {
      this.ensure(LEADING);
      this.page.drawText(line, { x: x0, y: this.y - size, size, font, color: BLACK });
      this.y -= LEADING;
    }
  }

  centred(text: string, font: PDFFont, size: number, centreX = PAGE.left + this.width / 2, maxWidth = this.width): void {
    for (const line of wrapWords(font, pdfText(text), size, maxWidth)) {
      this.ensure(size * 1.3);
      drawCentered(this.page, line, centreX, this.y - size, { font, size, color: BLACK });
      this.y -= size * 1.3;
    }
  }

  /** Dotted lines left for a hand-written entry. */
  blanks(count: number): void {
    const dot = this.fonts.regular.widthOfTextAtSize('.', SIZE);
    const dots = '.'.repeat(Math.floor(this.width / dot) - 1);
    for (let i = 0; i < count; i++) {
      this.ensure(LEADING);
      this.page.drawText(dots, { x: PAGE.left, y: this.y - SIZE, size: SIZE, font: this.fonts.regular, color: BLACK });
      this.y -= LEADING;
    }
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Date, position and name centred in the right column (as a signature block, Decree 30 ô 7), kept together. */
  signOff(dateLine: string, who: { name: string; position: string | null } | null): void {
    const cx = SIGN_OFF.centreX;
    this.ensure(LEADING * (who ? (who.position ? 3 : 2) : 1));
    this.centred(dateLine, this.fonts.italic, SIZE, cx, SIGN_OFF.width);
    if (who?.position) this.centred(who.position, this.fonts.bold, SIZE, cx, SIGN_OFF.width);
    if (who) this.centred(who.name, this.fonts.bold, SIZE, cx, SIGN_OFF.width);
  }
}

/** Phiếu giải quyết văn bản đến (Decree 30/2020, Phụ lục IV): heading, then the three sections of opinions. */
export async function renderProcessingSlip(d: ProcessingSlipData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Phiếu giải quyết văn bản đến ${d.symbol}`);
  doc.setLanguage('vi-VN');
  doc.setProducer('vanthu');
  const fonts: Fonts = {
    regular: await embedFont(doc, 'regular'), bold: await embedFont(doc, 'bold'),
    italic: await embedFont(doc, 'italic'), boldItalic: await embedFont(doc, 'boldItalic'),
  };
  const f = new Flow(doc, fonts);
  const headerX = HEADER.centreX;
  if (d.parentAgencyName) f.centred(d.parentAgencyName.toLocaleUpperCase('vi'), fonts.regular, 12, headerX, HEADER.width);
  f.centred(d.agencyName.toLocaleUpperCase('vi'), fonts.bold, 12, headerX, HEADER.width);
  f.page.drawLine({ start: { x: headerX - mm(12), y: f.y - 1 }, end: { x: headerX + mm(12), y: f.y - 1 }, thickness: 0.6, color: BLACK });
  f.gap(mm(10));
  f.centred('PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN', fonts.bold, 14);
  f.gap(mm(4));

  f.para('Tên loại văn bản:', d.documentTypeName);
  f.para('Số, ký hiệu:', `${d.symbol}    ngày ${d.documentDate}`);
  f.para('Cơ quan ban hành:', d.issuerName);
  f.para('Trích yếu nội dung:', d.summary);
  f.para('Số đến:', d.arrivalNumber !== null ? `${d.arrivalNumber}${d.arrivalDate ? `    ngày đến ${d.arrivalDate}` : ''}` : 'chưa vào sổ');
  f.gap(mm(4));

  f.para('1. Ý KIẾN CỦA LÃNH ĐẠO CƠ QUAN, TỔ CHỨC', '');
  if (d.direction) {
    const dir = d.direction;
    if (dir.instruction) f.para('Ý kiến chỉ đạo:', dir.instruction, { indent: mm(5), labelFont: fonts.italic });
    f.para('- Đơn vị hoặc người chủ trì:', dir.lead.join('; ') || '…', { indent: mm(5), labelFont: fonts.italic });
    f.para('- Đơn vị hoặc người phối hợp:', dir.coordinate.join('; ') || 'không', { indent: mm(5), labelFont: fonts.italic });
    if (dir.inform.length) f.para('- Để biết:', dir.inform.join('; '), { indent: mm(5), labelFont: fonts.italic });
    f.para('- Thời hạn giải quyết:', dir.deadline ?? 'không ấn định', { indent: mm(5), labelFont: fonts.italic });
    f.gap(mm(2));
    f.signOff(dir.dateLine, dir.signer);
  } else {
    f.blanks(4);
  }
  f.gap(mm(4));

  f.para('2. Ý KIẾN CỦA LÃNH ĐẠO ĐƠN VỊ', '');
  if (d.assignments.length) {
    for (const a of d.assignments) {
      f.para(`- ${a.unit}:`, `giao ${a.assignee}${a.deadline ? `, thời hạn giải quyết ${a.deadline}` : ''}${a.instruction ? `. ${a.instruction}` : ''}`,
        { indent: mm(5), labelFont: fonts.italic });
      f.signOff(a.dateLine, a.by);
      f.gap(mm(1));
    }
  } else {
    f.blanks(4);
  }
  f.gap(mm(4));

  f.para('3. Ý KIẾN ĐỀ XUẤT CỦA NGƯỜI GIẢI QUYẾT', '');
  if (d.proposals.length) {
    for (const p of d.proposals) {
      f.para(`- ${p.handler}:`, p.text, { indent: mm(5), labelFont: fonts.italic });
      if (p.dateLine) f.signOff(p.dateLine, null);
      f.gap(mm(1));
    }
  } else {
    f.blanks(4);
  }
  return doc.save();
}
