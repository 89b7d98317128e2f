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

export interface PageText {
  width: number;
  height: number;
  items: TextBox[];
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
      out.set(n, { width: x1 - x0, height: y1 - y0, items });
    }
    return out;
  } finally {
    await task.destroy();
  }
}
