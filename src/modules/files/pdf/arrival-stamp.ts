import { type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { formatVnDate, parseIsoDate } from './decree30-format';
import { embedFont, pdfText } from './pdf-fonts';
import { appendRevision, isolateExistingContent } from './incremental-update';
import { PdfUnreadableError } from './pdf-inspect';
import { type PageText, type Rect, readPageText, type TextBox } from './pdf-text-boxes';
import { type TextStyle, drawCentered, drawLeft, ellipsize, fitSize, mm, pageBox, wrapWords } from './text-layout';

export interface ArrivalStampData {
  agencyName: string;
  arrivalNumber: number;
  /** YYYY-MM-DD, the business date in the organization's zone. */
  arrivalDate: string;
  direction?: string | null;
}

/** Decree 30 Phụ lục IV.V: a 50 × 35 mm rectangle. */
const BOX = { width: mm(50), height: mm(35) };
const PAD = { x: mm(2), top: mm(1.6) };
const INK = rgb(0.72, 0.07, 0.07);
const AGENCY_SIZES = { preferred: 9, min: 6, maxLines: 3, lineFactor: 1.15 };
const FIELD = { size: 10, min: 7.5, lineHeight: 12.6 };
const HEADING = { size: 15, lineHeight: 19 };

interface StampFonts {
  regular: PDFFont;
  bold: PDFFont;
}

export interface StampPlacement {
  /** 'page': in free space on page 1; 'cover': page 1 had no free 50 × 35 mm area, so a cover page carries it. */
  where: 'page' | 'cover';
  /** Left edge and distance of the top edge from the top of the page, in points. */
  left: number;
  top: number;
}

/** Clearance kept between the stamp and existing text or images; the scan step. */
const CLEARANCE = mm(2);
const STEP = mm(2);
const PAGE_EDGE = { left: mm(15), top: mm(10), right: mm(10), bottom: mm(10) };

/**
 * Adds the "ĐẾN" stamp to page 1 as an incremental update: the original bytes are kept as they are, so the sender's
 * signatures stay valid (covering their own revision). The stamp goes where page 1 has a free 50 × 35 mm area (no text,
 * no image), the highest such area first; when there is none, a cover page carries it rather than defacing the page.
 */
export async function renderArrivalStamp(original: Buffer, stamp: ArrivalStampData): Promise<{ pdf: Buffer; placement: StampPlacement }> {
  validateStamp(stamp);
  const page1 = await readFirstPage(original);
  const spot = findFreeArea(page1);
  const placement: StampPlacement = spot ? { where: 'page', ...spot } : { where: 'cover', left: PAGE_EDGE.left, top: PAGE_EDGE.top };
  const pdf = await appendRevision(original, async (doc) => {
    if (doc.getPageCount() === 0) throw new PdfUnreadableError('PDF has no pages');
    const fonts = { regular: await embedFont(doc, 'regular'), bold: await embedFont(doc, 'bold') };
    let page = doc.getPage(0);
    if (placement.where === 'cover') {
      const { width, height } = page.getSize();
      page = doc.insertPage(0, [width, height]);
      drawLeft(page, pdfText('Dấu "ĐẾN" của văn bản kèm sau: trang đầu văn bản không còn chỗ trống 50 × 35 mm.'), PAGE_EDGE.left,
        height - PAGE_EDGE.top - BOX.height - mm(10), { font: fonts.regular, size: 11, color: rgb(0, 0, 0) });
    } else {
      isolateExistingContent(doc, page);
    }
    drawArrivalStamp(page, fonts, stamp, placement);
  });
  return { pdf, placement };
}

async function readFirstPage(original: Buffer): Promise<PageText> {
  try {
    const page = (await readPageText(original, [1])).get(1);
    if (!page) throw new Error('PDF has no pages');
    return page;
  } catch (error) {
    throw new PdfUnreadableError(`PDF cannot be stamped: ${(error as Error).message}`, { cause: error });
  }
}

/** The highest (then leftmost) 50 × 35 mm area of page 1 clear of every text run and image. */
export function findFreeArea(page: PageText): { left: number; top: number } | null {
  const grow = (r: Rect, descent: number): Rect => ({ x: r.x - CLEARANCE, y: r.y - descent - CLEARANCE, width: r.width + 2 * CLEARANCE, height: r.height + descent + 2 * CLEARANCE });
  // A text run's box starts at its baseline: descenders go about a quarter of the size below it.
  const taken = [...page.items.map((t: TextBox) => grow(t, t.size * 0.25)), ...page.images.map((r) => grow(r, 0))];
  for (let top = PAGE_EDGE.top; top + BOX.height <= page.height - PAGE_EDGE.bottom; top += STEP) {
    for (let left = PAGE_EDGE.left; left + BOX.width <= page.width - PAGE_EDGE.right; left += STEP) {
      const box = { x: left, y: page.height - top - BOX.height, width: BOX.width, height: BOX.height };
      if (!taken.some((r) => r.x < box.x + box.width && box.x < r.x + r.width && r.y < box.y + box.height && box.y < r.y + r.height)) return { left, top };
    }
  }
  return null;
}

function validateStamp(stamp: ArrivalStampData): void {
  if (!Number.isSafeInteger(stamp.arrivalNumber) || stamp.arrivalNumber < 1) {
    throw new RangeError(`Arrival number must be a positive integer, got ${stamp.arrivalNumber}`);
  }
  parseIsoDate(stamp.arrivalDate);
}

function drawArrivalStamp(page: PDFPage, fonts: StampFonts, stamp: ArrivalStampData, at: { left: number; top: number }): void {
  const box = pageBox(page);
  const left = box.left + at.left;
  const top = box.top - at.top;
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
