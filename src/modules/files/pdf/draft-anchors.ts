import { PDFDocument, type PDFFont } from 'pdf-lib';
import { DECREE30_LAYOUT as L } from './decree30-layout';
import { embedFont } from './pdf-fonts';
import { type PageText, readPageText, type TextBox } from './pdf-text-boxes';
import { findBlockSpace, findSignaturePlace, type SignaturePlacement } from './signature-anchor';
import { mm } from './text-layout';

/**
 * Where the number, the date and the signature block go on an uploaded draft (points, from the page's bottom-left).
 * A composed document has only `signature` (its number and date lines come from the layout table): number, date null.
 */
export interface DraftPlacement {
  /** 'digits': the draft reads "Số:    /TB-UBND", only the number goes in the gap; 'symbol': after "Số:" the whole symbol. */
  number: { mode: 'digits' | 'symbol'; x: number; right: number; baseline: number; size: number } | null;
  /** Gaps after "ngày", "tháng" and (when the year is not printed) "năm": centre x of each gap. */
  date: { day: number; month: number; year: number | null; baseline: number; size: number } | null;
  /** The signature on the last page: vanthu's block level with "Nơi nhận", or the draft's own printed block's gap. */
  signature: SignaturePlacement;
}

export interface LayoutProblem {
  element: 'number' | 'date' | 'signature';
  message: string;
}

const HEADER_SHARE = 0.45; // the number and date lines sit in the top 45 % of page 1

/** Finds the anchors from the draft's own text positions; never a position over existing text. */
export async function findDraftAnchors(pdf: Buffer, pageCount: number): Promise<{ placement: DraftPlacement | null; problems: LayoutProblem[] }> {
  const pages = await readPageText(pdf, pageCount > 1 ? [1, pageCount] : [1]);
  const first = pages.get(1) as PageText;
  const last = pages.get(pageCount) ?? first;
  const font = await measuringFont();
  const problems: LayoutProblem[] = [];
  const number = findNumber(first, font, problems);
  const date = findDate(first, font, problems);
  const { placement: signature, problem } = findSignaturePlace(last);
  if (problem) problems.push({ element: 'signature', message: problem });
  if (!number || !date || !signature) return { placement: null, problems };
  return { placement: { number, date, signature }, problems };
}

/** A composed document: its signature block level with the "Nơi nhận:" the composer drew (null: the layout position). */
export async function findComposedPlacement(pdf: Buffer): Promise<DraftPlacement | null> {
  const pageCount = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
  const last = (await readPageText(pdf, [pageCount])).get(pageCount);
  const signature = last ? findBlockSpace(last).placement : null;
  return signature ? { number: null, date: null, signature } : null;
}

let fontPromise: Promise<PDFFont> | null = null;
/** Liberation Serif has Times New Roman's metrics: positions inside a run are measured with it. */
function measuringFont(): Promise<PDFFont> {
  fontPromise ??= PDFDocument.create().then((doc) => embedFont(doc, 'regular'));
  return fontPromise;
}

/** x of character `index` inside a run, by the share of the run's measured width (the run's own width is exact). */
function xAt(run: TextBox, index: number, font: PDFFont): number {
  const whole = font.widthOfTextAtSize(run.text, run.size) || 1;
  return run.x + (run.width * font.widthOfTextAtSize(run.text.slice(0, index), run.size)) / whole;
}

const sameLine = (a: TextBox, b: TextBox) => Math.abs(a.y - b.y) < Math.max(a.size, b.size) * 0.4;
const inHeader = (p: PageText) => (t: TextBox) => t.y > p.height * (1 - HEADER_SHARE);
const clearOf = (p: PageText, x0: number, x1: number, baseline: number, size: number, except: TextBox[]) =>
  !p.items.some((t) => !except.includes(t) && t.x < x1 && x0 < t.x + t.width && t.y < baseline + size && baseline - size * 0.3 < t.y + t.height);

function findNumber(p: PageText, font: PDFFont, problems: LayoutProblem[]): DraftPlacement['number'] | null {
  const run = p.items.filter(inHeader(p)).find((t) => /^\s*Số\s*:/.test(t.text.normalize('NFC')));
  if (!run) {
    problems.push({ element: 'number', message: 'Dự thảo không có dòng "Số:" ở phần đầu trang 1 (dưới tên cơ quan) để điền số văn bản.' });
    return null;
  }
  const text = run.text.normalize('NFC');
  const afterLabel = xAt(run, text.indexOf(':') + 1, font);
  const slashInRun = text.indexOf('/');
  const next = p.items.filter((t) => t !== run && sameLine(t, run) && t.x >= afterLabel - 1).sort((a, b) => a.x - b.x)[0];
  const slashX = slashInRun >= 0 ? xAt(run, slashInRun, font) : next && next.text.trim().startsWith('/') ? next.x : null;
  if (slashX !== null) {
    if (slashX - afterLabel < font.widthOfTextAtSize(' 0000', run.size)) {
      problems.push({ element: 'number', message: 'Sau "Số:" không đủ khoảng trống trước dấu "/" để điền số văn bản; hãy để trống khoảng 5 ký tự.' });
      return null;
    }
    return { mode: 'digits', x: afterLabel, right: slashX - 0.5, baseline: run.y, size: run.size };
  }
  const right = next ? next.x : Math.min(p.width - L.margin.right, afterLabel + mm(60));
  if (slashInRun < 0 && text.slice(text.indexOf(':') + 1).trim() !== '' || right - afterLabel < mm(35) || !clearOf(p, afterLabel, afterLabel + mm(35), run.y, run.size, [run])) {
    problems.push({ element: 'number', message: 'Sau "Số:" không còn chỗ trống để điền số và ký hiệu văn bản.' });
    return null;
  }
  return { mode: 'symbol', x: afterLabel, right, baseline: run.y, size: run.size };
}

function findDate(p: PageText, font: PDFFont, problems: LayoutProblem[]): DraftPlacement['date'] | null {
  const runs = p.items.filter(inHeader(p));
  const withDay = runs.find((t) => /ngày/.test(t.text.normalize('NFC')));
  const line = withDay ? runs.filter((t) => sameLine(t, withDay)).sort((a, b) => a.x - b.x) : [];
  const find = (word: string) => {
    for (const run of line) {
      const i = run.text.normalize('NFC').indexOf(word);
      if (i >= 0) return { run, start: xAt(run, i, font), end: xAt(run, i + word.length, font), index: i };
    }
    return null;
  };
  const [d, m, y] = [find('ngày'), find('tháng'), find('năm')];
  if (!d || !m || !y) {
    problems.push({ element: 'date', message: 'Dự thảo không có dòng "…, ngày … tháng … năm …" ở phần đầu trang 1 để điền ngày ban hành.' });
    return null;
  }
  const size = d.run.size;
  const yearText = y.run.text.normalize('NFC').slice(y.index + 3);
  const yearPrinted = /^\s*\d{4}/.test(yearText);
  const yearEnd = y.end + font.widthOfTextAtSize(' 0000', size) * 1.2;
  const gaps: Array<[number, number]> = [[d.end, m.start], [m.end, y.start]];
  if (!yearPrinted) gaps.push([y.end, yearEnd]);
  const tooSmall = gaps.some(([a, b], i) => b - a < font.widthOfTextAtSize(i === 2 ? ' 0000 ' : ' 00 ', size));
  const yearBlocked = !yearPrinted && !clearOf(p, y.end + 1, yearEnd, y.run.y, size, [y.run]);
  if (tooSmall || yearBlocked) {
    problems.push({ element: 'date', message: 'Dòng ngày tháng không đủ khoảng trống sau "ngày", "tháng", "năm" để điền ngày ban hành.' });
    return null;
  }
  const centre = ([a, b]: [number, number]) => (a + b) / 2;
  return { day: centre(gaps[0]), month: centre(gaps[1]), year: yearPrinted ? null : centre(gaps[2]), baseline: d.run.y, size };
}
