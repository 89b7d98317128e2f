import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { DECREE30_LAYOUT as L, type ElementStyle, signatureBlockTopFromBottom } from './decree30-layout';
import { embedFont, type FontStyle, pdfText } from './pdf-fonts';
import { mm, wrapWords } from './text-layout';

/** What a composed document says; vanthu draws the rest (Phụ lục I). The number, date and signature come later. */
export interface ComposeInput {
  /** Cơ quan chủ quản, e.g. "THÀNH PHỐ HỒ CHÍ MINH"; null when there is none. */
  parentAgency: string | null;
  agencyName: string;
  /** "Quyết định", "Thông báo"…; null for a công văn (its trích yếu is "V/v …" under the number). */
  typeName: string | null;
  summary: string;
  /** Quyết định: the issuing authority line ("ỦY BAN NHÂN DÂN PHƯỜNG …") and "QUYẾT ĐỊNH:" before the articles. */
  isDecision: boolean;
  basis: string[];
  paragraphs: string[];
  articles: string[];
  /** "Nơi nhận" lines without the dash, the last one being "Lưu: VT, <unit>". */
  recipients: string[];
  urgencyMark: string | null;
  confidentialityMark: string | null;
}

const BLACK = rgb(0, 0, 0);
type Fonts = Record<FontStyle, PDFFont>;
interface Word { text: string; font: PDFFont; size: number }
interface Line { words: Word[]; x: number; width: number; align: 'left' | 'center' | 'justify'; height: number; size: number }
interface Block { lines: Line[]; spacingAfter: number; ruleWidth?: number }

const upper = (s: string) => s.toLocaleUpperCase('vi');
const contentLeft = L.margin.left;
const contentWidth = L.page.width - L.margin.left - L.margin.right;

/** Renders a whole Decree 30 document as a PDF (A4): header, title, body flowing over pages, "Nơi nhận", page numbers. */
export async function composeDocument(input: ComposeInput): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const styles: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];
  const fonts = Object.fromEntries(await Promise.all(styles.map(async (s) => [s, await embedFont(doc, s)]))) as Fonts;
  const first = doc.addPage([L.page.width, L.page.height]);
  const headerBottom = drawHeader(first, input, fonts);
  const blocks = bodyBlocks(input, fonts);
  const recipients = recipientLines(input.recipients, fonts);
  const zoneTop = Math.max(signatureBlockTopFromBottom(), L.margin.bottom + recipientsHeight(recipients)) + L.zoneGap;
  const { page: last, y } = flow(doc, blocks, headerBottom, zoneTop);
  // "Nơi nhận" (and, level with it, the signature block) right under the last paragraph, as in Phụ lục I's samples.
  drawRecipients(last, recipients, L.page.height - y - L.zoneGap, fonts);
  numberPages(doc, fonts.regular);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Draws ô 1, 2, 4 and 5 and, under the number line, V/v and the marks; returns the y (from the top) where the title may start. */
function drawHeader(page: PDFPage, input: ComposeInput, fonts: Fonts): number {
  const h = L.header;
  const left: Array<[string, ElementStyle]> = [];
  if (input.parentAgency) {
    for (const line of wrapWords(fonts.regular, upper(input.parentAgency), L.elements.parentAgency.size, L.leftColumn.width)) left.push([line, L.elements.parentAgency]);
  }
  const agencyLines = wrapWords(fonts.bold, upper(input.agencyName), L.elements.agencyName.size, L.leftColumn.width);
  for (const line of agencyLines) left.push([line, L.elements.agencyName]);
  const lastLeft = drawColumn(page, left, L.leftColumn.centreX, fonts);
  drawRule(page, L.leftColumn.centreX, lastLeft, widest(agencyLines, fonts.bold, L.elements.agencyName.size) * h.agencyRuleShare);
  const right: Array<[string, ElementStyle]> = [['Cộng hòa xã hội chủ nghĩa Việt Nam', L.elements.nationalTitle], ['Độc lập - Tự do - Hạnh phúc', L.elements.motto]];
  const lastRight = drawColumn(page, right, L.rightColumn.centreX, fonts);
  drawRule(page, L.rightColumn.centreX, lastRight, fonts.bold.widthOfTextAtSize(right[1][0], L.elements.motto.size));
  let y = L.numberLine.baselineFromTop;
  const under: Array<[string, ElementStyle]> = [];
  if (!input.typeName) {
    for (const line of wrapWords(fonts.regular, `V/v ${input.summary}`, L.elements.subjectLine.size, L.leftColumn.width)) under.push([line, L.elements.subjectLine]);
  }
  if (input.urgencyMark) under.push([input.urgencyMark, L.elements.urgencyMark]);
  if (input.confidentialityMark) under.push([input.confidentialityMark, L.elements.confidentialityMark]);
  for (const [i, [text, style]] of under.entries()) {
    y += i === 0 ? L.afterNumberGap : style.size * h.lineHeight;
    centred(page, text, L.leftColumn.centreX, y, style, fonts);
  }
  return Math.max(y + L.typeName.gapAfterHeader, L.typeName.minBaselineFromTop);
}

function drawColumn(page: PDFPage, lines: Array<[string, ElementStyle]>, centreX: number, fonts: Fonts): { y: number; size: number } {
  let y = L.header.firstBaselineFromTop;
  let size = 0;
  for (const [i, [text, style]] of lines.entries()) {
    if (i > 0) y += style.size * L.header.lineHeight;
    centred(page, text, centreX, y, style, fonts);
    size = style.size;
  }
  return { y, size };
}

function centred(page: PDFPage, text: string, centreX: number, yFromTop: number, style: ElementStyle, fonts: Fonts): void {
  const t = pdfText(style.upper ? upper(text) : text);
  const font = fonts[style.style];
  page.drawText(t, { x: centreX - font.widthOfTextAtSize(t, style.size) / 2, y: L.page.height - yFromTop, size: style.size, font, color: BLACK });
}

function drawRule(page: PDFPage, centreX: number, under: { y: number; size: number }, width: number): void {
  const y = L.page.height - under.y - under.size * 0.3 - L.header.ruleGap;
  page.drawLine({ start: { x: centreX - width / 2, y }, end: { x: centreX + width / 2, y }, thickness: L.header.ruleThickness, color: BLACK });
}

const widest = (lines: string[], font: PDFFont, size: number) => Math.max(...lines.map((l) => font.widthOfTextAtSize(l, size)));

/** Title, issuing authority, căn cứ, paragraphs, "QUYẾT ĐỊNH:" and the articles, as blocks of wrapped lines. */
function bodyBlocks(input: ComposeInput, fonts: Fonts): Block[] {
  const e = L.elements;
  const blocks: Block[] = [];
  const centredBlock = (text: string, style: ElementStyle, after = 0, width = contentWidth) =>
    blocks.push({ lines: wrapLines([{ text: style.upper ? upper(text) : text, style }], fonts, width, 'center', 0), spacingAfter: after });
  if (input.typeName) {
    centredBlock(input.typeName, e.typeName);
    centredBlock(input.summary, e.summary, L.bodyGapAfterTitle, contentWidth * 0.85);
    blocks[blocks.length - 1].ruleWidth = mm(30); // the short rule under the trích yếu
  }
  if (input.isDecision) centredBlock(input.agencyName, e.issuingAuthority, L.paragraph.spacingAfter * 2);
  const justified = (parts: Array<{ text: string; style: ElementStyle }>) =>
    blocks.push({ lines: wrapLines(parts, fonts, contentWidth, 'justify', L.paragraph.firstLineIndent), spacingAfter: L.paragraph.spacingAfter });
  for (const b of input.basis) justified([{ text: b, style: e.basis }]);
  for (const p of input.paragraphs) justified([{ text: p, style: e.body }]);
  if (input.isDecision && input.articles.length) centredBlock('Quyết định:', e.decides, L.paragraph.spacingAfter);
  input.articles.forEach((a, i) => justified([{ text: `Điều ${i + 1}.`, style: e.articleLabel }, { text: a, style: e.body }]));
  return blocks;
}

function wrapLines(parts: Array<{ text: string; style: ElementStyle }>, fonts: Fonts, width: number, align: Line['align'], indent: number): Line[] {
  const words: Word[] = parts.flatMap((p) => pdfText(p.text).split(/\s+/).filter(Boolean).map((text) => ({ text, font: fonts[p.style.style], size: p.style.size })));
  const size = Math.max(...parts.map((p) => p.style.size));
  const lines: Line[] = [];
  let current: Word[] = [];
  let used = 0;
  const room = () => width - (lines.length === 0 ? indent : 0);
  const left = contentLeft + (contentWidth - width) / 2; // narrower centred blocks stay centred on the text area
  for (const w of words) {
    const ww = w.font.widthOfTextAtSize(w.text, w.size);
    const space = current.length ? w.font.widthOfTextAtSize(' ', w.size) : 0;
    if (current.length && used + space + ww > room()) {
      lines.push({ words: current, x: left + (lines.length === 0 ? indent : 0), width: room(), align, height: size * L.paragraph.lineHeight, size });
      current = [];
      used = 0;
    }
    used += (current.length ? w.font.widthOfTextAtSize(' ', w.size) : 0) + ww;
    current.push(w);
  }
  if (current.length) lines.push({ words: current, x: left + (lines.length === 0 ? indent : 0), width: room(), align: align === 'justify' ? 'left' : align, height: size * L.paragraph.lineHeight, size });
  return lines;
}

/**
 * Places the blocks from `startY` (from the top of page 1), adding pages at the bottom margin. The last block and the
 * signature/"Nơi nhận" zone (`zoneTop` above the bottom edge) stay together: if the last block does not fit above the
 * zone, it moves to a new page with the zone. Returns the last page and where its text ends (from the top).
 */
function flow(doc: PDFDocument, blocks: Block[], startY: number, zoneTop: number): { page: PDFPage; y: number } {
  let page = doc.getPage(0);
  let y = startY - blocks[0]?.lines[0]?.size * L.paragraph.lineHeight || startY;
  const newPage = () => {
    page = doc.addPage([L.page.width, L.page.height]);
    y = L.margin.top + L.pageNumber.size;
  };
  blocks.forEach((block, bi) => {
    const isLast = bi === blocks.length - 1;
    const need = block.lines.reduce((s, l) => s + l.height, 0);
    if (isLast && L.page.height - (y + need) < zoneTop && need < L.page.height - L.margin.top - zoneTop) newPage();
    for (const [li, line] of block.lines.entries()) {
      const limit = isLast && li === block.lines.length - 1 ? zoneTop : L.margin.bottom;
      if (L.page.height - (y + line.height) < limit) newPage();
      y += line.height;
      drawLine(page, line, L.page.height - y + line.size * 0.25);
    }
    if (block.ruleWidth) {
      const ry = L.page.height - y - L.header.ruleGap;
      const centre = contentLeft + contentWidth / 2;
      page.drawLine({ start: { x: centre - block.ruleWidth / 2, y: ry }, end: { x: centre + block.ruleWidth / 2, y: ry }, thickness: L.header.ruleThickness, color: BLACK });
    }
    y += block.spacingAfter;
  });
  if (L.page.height - y < zoneTop) newPage();
  return { page, y };
}

function drawLine(page: PDFPage, line: Line, baseline: number): void {
  const widths = line.words.map((w) => w.font.widthOfTextAtSize(w.text, w.size));
  const natural = widths.reduce((s, w) => s + w, 0);
  const normalGap = line.words[0].font.widthOfTextAtSize(' ', line.size);
  const gaps = line.words.length - 1;
  let gap = normalGap;
  let x = line.x;
  if (line.align === 'justify' && gaps > 0) gap = (line.width - natural) / gaps;
  if (line.align === 'center') x = line.x + (line.width - natural - gaps * normalGap) / 2;
  line.words.forEach((w, i) => {
    page.drawText(w.text, { x, y: baseline, size: w.size, font: w.font, color: BLACK });
    x += widths[i] + gap;
  });
}

interface RecipientLine { text: string; style: ElementStyle }

function recipientLines(recipients: string[], fonts: Fonts): RecipientLine[] {
  const out: RecipientLine[] = [{ text: 'Nơi nhận:', style: L.elements.recipientsTitle }];
  recipients.forEach((r, i) => {
    const text = `- ${r}${i === recipients.length - 1 ? '.' : ';'}`;
    for (const line of wrapWords(fonts.regular, pdfText(text), L.elements.recipients.size, L.recipientsBlock.width)) out.push({ text: line, style: L.elements.recipients });
  });
  return out;
}

const recipientsHeight = (lines: RecipientLine[]) => lines.reduce((s, l) => s + l.style.size * L.recipientsBlock.lineHeight, 0);

function drawRecipients(page: PDFPage, lines: RecipientLine[], top: number, fonts: Fonts): void {
  let baseline = top;
  for (const l of lines) {
    baseline -= l.style.size * L.recipientsBlock.lineHeight;
    page.drawText(pdfText(l.text), { x: L.recipientsBlock.x, y: baseline, size: l.style.size, font: fonts[l.style.style], color: BLACK });
  }
}

/** Page numbers from page 2, centred in the top margin (page 1 carries none). */
function numberPages(doc: PDFDocument, font: PDFFont): void {
  const s = L.pageNumber;
  doc.getPages().forEach((page, i) => {
    if (i === 0) return;
    const text = String(i + 1);
    page.drawText(text, { x: L.page.width / 2 - font.widthOfTextAtSize(text, s.size) / 2, y: L.page.height - s.baselineFromTop, size: s.size, font, color: BLACK });
  });
}
