import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { formatVnDate, parseIsoDate } from './decree30-format';
import { embedFont, pdfText } from './pdf-fonts';
import { PdfUnreadableError } from './pdf-inspect';
import { type TextStyle, drawCentered, drawLeft, ellipsize, fitSize, mm, pageBox, wrapWords } from './text-layout';

export interface ArrivalStampData {
  agencyName: string;
  arrivalNumber: number;
  /** YYYY-MM-DD, the business date in the organization's zone. */
  arrivalDate: string;
  direction?: string | null;
}

/** Decree 30 Phụ lục IV.V: a 50 × 35 mm rectangle. */
const BOX = { width: mm(50), height: mm(35), left: mm(15), top: mm(10) };
const PAD = { x: mm(2), top: mm(1.6) };
const INK = rgb(0.72, 0.07, 0.07);
const AGENCY_SIZES = { preferred: 9, min: 6, maxLines: 3, lineFactor: 1.15 };
const FIELD = { size: 10, min: 7.5, lineHeight: 12.6 };
const HEADING = { size: 15, lineHeight: 19 };

interface StampFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * Draws the "ĐẾN" stamp on page 1 of a copy of the original (the original bytes are never touched).
 * pdf-lib rewrites the whole file, so the rendition carries no valid sender signatures: verify those on
 * the original.
 */
export async function renderArrivalStamp(original: Buffer, stamp: ArrivalStampData): Promise<{ pdf: Buffer }> {
  validateStamp(stamp);
  const doc = await loadForStamping(original);
  const fonts = { regular: await embedFont(doc, 'regular'), bold: await embedFont(doc, 'bold') };
  drawArrivalStamp(doc.getPage(0), fonts, stamp);
  const bytes = await doc.save({ useObjectStreams: false });
  return { pdf: Buffer.from(bytes) };
}

function validateStamp(stamp: ArrivalStampData): void {
  if (!Number.isSafeInteger(stamp.arrivalNumber) || stamp.arrivalNumber < 1) {
    throw new RangeError(`Arrival number must be a positive integer, got ${stamp.arrivalNumber}`);
  }
  parseIsoDate(stamp.arrivalDate);
}

async function loadForStamping(original: Buffer): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(original, { updateMetadata: false });
  } catch (error) {
    throw new PdfUnreadableError(`PDF cannot be stamped: ${(error as Error).message}`, { cause: error });
  }
  if (doc.getPageCount() === 0) throw new PdfUnreadableError('PDF has no pages');
  return doc;
}

function drawArrivalStamp(page: PDFPage, fonts: StampFonts, stamp: ArrivalStampData): void {
  const box = pageBox(page);
  const left = box.left + BOX.left;
  const top = box.top - BOX.top;
  page.drawRectangle({
    x: left,
    y: top - BOX.height,
    width: BOX.width,
    height: BOX.height,
    borderColor: INK,
    borderWidth: 1.2,
  });
  const inner = { left: left + PAD.x, width: BOX.width - 2 * PAD.x };
  let baseline = drawAgencyName(page, fonts.bold, stamp.agencyName, inner, top - PAD.top);
  baseline -= HEADING.lineHeight;
  drawCentered(page, 'ĐẾN', inner.left + inner.width / 2, baseline + 3, { font: fonts.bold, size: HEADING.size, color: INK });
  const fields: Array<[string, string]> = [
    ['Số: ', String(stamp.arrivalNumber)],
    ['Ngày: ', formatVnDate(stamp.arrivalDate)],
    ['Chuyển: ', pdfText(stamp.direction?.trim() ?? '')],
    ['Số và ký hiệu HS: ', ''],
  ];
  for (const [label, value] of fields) {
    baseline -= FIELD.lineHeight;
    drawField(page, fonts.regular, label, value, inner, baseline);
  }
}

/** Returns the baseline of the last agency line. */
function drawAgencyName(
  page: PDFPage,
  font: PDFFont,
  agencyName: string,
  inner: { left: number; width: number },
  top: number,
): number {
  const { lines, size } = layoutAgencyName(font, pdfText(agencyName).toLocaleUpperCase('vi'), inner.width);
  const style: TextStyle = { font, size, color: INK };
  const lineHeight = size * AGENCY_SIZES.lineFactor;
  let baseline = top - size;
  lines.forEach((line, i) => {
    if (i > 0) baseline -= lineHeight;
    drawCentered(page, line, inner.left + inner.width / 2, baseline, style);
  });
  return baseline;
}

/** Two lines at the largest size that fits; very long names go to three lines at the minimum size. */
export function layoutAgencyName(font: PDFFont, name: string, width: number): { lines: string[]; size: number } {
  for (let size = AGENCY_SIZES.preferred; size >= AGENCY_SIZES.min; size -= 0.5) {
    const lines = wrapWords(font, name, size, width);
    if (lines.length <= 2 && lines.every((l) => font.widthOfTextAtSize(l, size) <= width)) return { lines, size };
  }
  const size = AGENCY_SIZES.min;
  const lines = wrapWords(font, name, size, width).map((l) => ellipsize(font, l, size, width));
  if (lines.length > AGENCY_SIZES.maxLines) {
    const kept = lines.slice(0, AGENCY_SIZES.maxLines);
    kept[kept.length - 1] = ellipsize(font, `${kept[kept.length - 1]} ${lines.slice(kept.length).join(' ')}`, size, width);
    return { lines: kept, size };
  }
  return { lines, size };
}

function drawField(
  page: PDFPage,
  font: PDFFont,
  label: string,
  value: string,
  inner: { left: number; width: number },
  baseline: number,
): void {
  const size = fitSize(font, label + value, inner.width, FIELD.size, FIELD.min);
  const style: TextStyle = { font, size, color: INK };
  const labelEnd = drawLeft(page, label, inner.left, baseline, style);
  const right = inner.left + inner.width;
  if (value === '') {
    page.drawLine({
      start: { x: labelEnd + 1, y: baseline - 1 },
      end: { x: right, y: baseline - 1 },
      thickness: 0.6,
      color: INK,
      dashArray: [0.8, 1.8],
    });
    return;
  }
  drawLeft(page, ellipsize(font, value, size, right - labelEnd), labelEnd, baseline, style);
}
