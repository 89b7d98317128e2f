/** A run of text on a page with its box, in PDF points from the page's bottom-left corner. */
export interface TextBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageText {
  width: number;
  height: number;
  items: TextBox[];
  /** Where images are painted (bounding boxes of their unit squares under the current transformation). */
  images: Rect[];
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

/** pdfjs-dist is ESM-only: loaded once, lazily, through a real dynamic import. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** The text runs of the given pages (1-based) with their positions (pdfjs-dist, no rendering). */
export async function readPageText(pdf: Buffer, pages: number[]): Promise<Map<number, PageText>> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const out = new Map<number, PageText>();
    for (const n of pages) {
      if (n < 1 || n > doc.numPages) continue;
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view;
      const content = await page.getTextContent();
      const items: TextBox[] = [];
      for (const it of content.items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const size = Math.hypot(it.transform[2], it.transform[3]) || it.height;
        items.push({ text: it.str, x: it.transform[4] - x0, y: it.transform[5] - y0, width: it.width, height: it.height || size, size });
      }
      const images = imageBoxes(lib, await page.getOperatorList()).map((r) => ({ ...r, x: r.x - x0, y: r.y - y0 }));
      out.set(n, { width: x1 - x0, height: y1 - y0, items, images });
    }
    return out;
  } finally {
    await task.destroy();
  }
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];

/** Follows save/restore/transform through the operator list and boxes every painted image. */
function imageBoxes(lib: PdfJs, ops: { fnArray: number[]; argsArray: unknown[] }): Rect[] {
  const O = lib.OPS as Record<string, number>;
  const paints = new Set([O.paintImageXObject, O.paintInlineImageXObject, O.paintImageMaskXObject, O.paintImageXObjectRepeat].filter((x) => x !== undefined));
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const out: Rect[] = [];
  ops.fnArray.forEach((fn, i) => {
    if (fn === O.save) stack.push(ctm);
    else if (fn === O.restore) ctm = stack.pop() ?? ctm;
    // PDF: cm premultiplies the current matrix (CTM' = M × CTM).
    else if (fn === O.transform) ctm = multiply(ops.argsArray[i] as Matrix, ctm);
    else if (paints.has(fn)) {
      const corners = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([u, v]) => [ctm[0] * u + ctm[2] * v + ctm[4], ctm[1] * u + ctm[3] * v + ctm[5]]);
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      out.push({ x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) });
    }
  });
  return out;
}
