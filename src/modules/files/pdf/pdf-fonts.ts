import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FONT_FILES: Record<FontStyle, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

const fontBytes = new Map<FontStyle, Uint8Array>();
const embedded = new WeakMap<PDFDocument, Map<FontStyle, Promise<PDFFont>>>();
let fontsDir: string | undefined;

/**
 * Walks up to the repository's assets/fonts, so the same code works from src/ (Jest) and from
 * dist/src/ (compiled) without depending on any system font.
 */
export function findFontsDir(startDir: string): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (existsSync(path.join(candidate, FONT_FILES.regular))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(`assets/fonts/${FONT_FILES.regular} not found above ${startDir}`);
    }
  }
}

export function loadFontBytes(style: FontStyle): Uint8Array {
  let bytes = fontBytes.get(style);
  if (!bytes) {
    fontsDir ??= findFontsDir(__dirname);
    bytes = new Uint8Array(readFileSync(path.join(fontsDir, FONT_FILES[style])));
    fontBytes.set(style, bytes);
  }
  return bytes;
}

/** Embeds Liberation Serif (Times-metric, all Vietnamese glyphs) once per document, subset on save. */
export function embedFont(doc: PDFDocument, style: FontStyle): Promise<PDFFont> {
  let perDoc = embedded.get(doc);
  if (!perDoc) {
    doc.registerFontkit(fontkit);
    perDoc = new Map();
    embedded.set(doc, perDoc);
  }
  let font = perDoc.get(style);
  if (!font) {
    font = doc.embedFont(loadFontBytes(style), { subset: true });
    perDoc.set(style, font);
  }
  return font;
}

/**
 * pdf-lib does no mark positioning, so decomposed input (macOS, some Word exports) would draw loose
 * accents; NFC maps every Vietnamese letter to the font's precomposed glyph.
 */
export function pdfText(text: string): string {
  return text.normalize('NFC');
}
