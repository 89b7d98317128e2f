import { deflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFFont, PDFName, PDFPage, PDFRef } from 'pdf-lib';

/**
 * A page content stream written as text and stored compressed at once. pdf-lib's drawText keeps every operator as
 * an object until save, which for a year's register (thousands of pages) is hundreds of megabytes; here a finished
 * page costs only its deflated bytes. Text is encoded with the embedded font (glyph ids, recorded for the subset and
 * the ToUnicode map), so the result reads the same in pdftotext as pdf-lib's own drawing.
 */
export class PdfContent {
  private readonly ops: string[] = [];
  private readonly glyphs = new Map<PDFFont, Map<string, string>>();

  constructor(private readonly fontNames: Map<PDFFont, string>) {}

  text(font: PDFFont, size: number, x: number, y: number, text: string): void {
    if (!text) return;
    const name = this.fontNames.get(font);
    if (!name) throw new Error('font not registered with the page resources');
    this.ops.push(`BT /${name} ${n(size)} Tf 1 0 0 1 ${n(x)} ${n(y)} Tm <${this.hex(font, text)}> Tj ET`);
  }

  /**
   * Glyph ids character by character, each looked up once per font: fontkit's layout of every line (shaping
   * features that Vietnamese text in Liberation Serif does not need) was most of the render time. Drawn widths then
   * equal TextMeasure's sums exactly.
   */
  private hex(font: PDFFont, text: string): string {
    let cache = this.glyphs.get(font);
    if (!cache) {
      cache = new Map();
      this.glyphs.set(font, cache);
    }
    let out = '';
    for (const ch of text) {
      let h = cache.get(ch);
      if (h === undefined) {
        h = font.encodeText(ch).toString().slice(1, -1);
        cache.set(ch, h);
      }
      out += h;
    }
    return out;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.5): void {
    this.ops.push(`${n(width)} w ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S`);
  }

  rect(x: number, y: number, w: number, h: number, width = 0.5): void {
    this.ops.push(`${n(width)} w ${n(x)} ${n(y)} ${n(w)} ${n(h)} re S`);
  }

  /** Appends the stream to the page (a page may receive several: the body, then the page number). */
  flushTo(doc: PDFDocument, page: PDFPage): void {
    // deflateSync answers a view into its larger output chunk: copied to its exact size, a page keeps ~3 KB, not ~30.
    const bytes = new Uint8Array(deflateSync(Buffer.from(`q 0 g 0 G\n${this.ops.join('\n')}\nQ\n`, 'latin1')));
    const stream = doc.context.stream(bytes, { Filter: 'FlateDecode' });
    page.node.addContentStream(doc.context.register(stream));
    this.ops.length = 0;
  }
}

const n = (v: number): string => (Math.round(v * 100) / 100).toString();

/** One Resources dictionary shared by every page: /F1 … /Fn for the given fonts. */
export function sharedFontResources(doc: PDFDocument, fonts: PDFFont[]): { ref: PDFRef; names: Map<PDFFont, string> } {
  const names = new Map<PDFFont, string>();
  const fontDict = doc.context.obj({}) as PDFDict;
  fonts.forEach((f, i) => {
    const name = `F${i + 1}`;
    names.set(f, name);
    fontDict.set(PDFName.of(name), f.ref);
  });
  const resources = doc.context.obj({ Font: fontDict, ProcSet: ['PDF', 'Text'] });
  return { ref: doc.context.register(resources), names };
}

/** Per-character advance widths (no kerning, as drawn): measuring a word costs a few map look-ups, not a layout. */
export class TextMeasure {
  private readonly cache = new Map<string, number>();

  constructor(readonly font: PDFFont) {}

  width(text: string, size: number): number {
    let w = 0;
    for (const ch of text) {
      let cw = this.cache.get(ch);
      if (cw === undefined) {
        cw = this.font.widthOfTextAtSize(ch, 1000) / 1000;
        this.cache.set(ch, cw);
      }
      w += cw;
    }
    return w * size;
  }

  /** Greedy word wrap; a word wider than the line is broken after a '/', '-' or '.' when it has one, else between characters. */
  wrap(text: string, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let current = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = current === '' ? word : `${current} ${word}`;
        if (this.width(candidate, size) <= maxWidth) {
          current = candidate;
          continue;
        }
        if (current !== '') lines.push(current);
        current = '';
        let rest = word;
        while (this.width(rest, size) > maxWidth) {
          const chars = Array.from(rest);
          let cut = chars.length - 1;
          while (cut > 1 && this.width(chars.slice(0, cut).join(''), size) > maxWidth) cut--;
          // A symbol breaks after its "/" or "-" ("1234/QĐ-" | "UBND") rather than inside a part.
          let soft = cut;
          while (soft > 1 && !'/-.,;'.includes(chars[soft - 1])) soft--;
          if (soft > 1) cut = soft;
          lines.push(chars.slice(0, cut).join(''));
          rest = chars.slice(cut).join('');
        }
        current = rest;
      }
      if (current !== '') lines.push(current);
    }
    return lines;
  }
}
