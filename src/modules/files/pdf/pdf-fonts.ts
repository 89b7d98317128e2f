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

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;
const parsedFonts = new WeakMap<Uint8Array, FontkitFont>();

/**
 * fontkit, but the font file is parsed once per process. What a fresh Font costs is decoding its tables (cmap, hmtx,
 * GSUB/GPOS, kern) again on the first layout of every document: about a fifth of the render time of a 3-page issue.
 *
 * Each document still gets its own Font object, a view sharing the parsed tables (fontkit keeps them in `_tables`
 * and reads its byte stream after seeking, synchronously), with its own glyph cache and layout engine. A glyph object
 * remembers the code points it was first created for, and pdf-lib writes the ToUnicode map from them: a glyph first
 * created by another document's subsetting (a composite's component, with no code points) would lose its text in
 * this one — pdftotext then misses 'a', 'o', 'ư' (pdf-glyphs.spec.ts renders a second document to catch this).
 */
export const cachedFontkit: Fontkit = {
  create(bytes: Uint8Array, postscriptName?: string): FontkitFont {
    if (postscriptName !== undefined) return fontkit.create(bytes, postscriptName);
    let font = parsedFonts.get(bytes);
    if (!font) {
      font = fontkit.create(bytes);
      parsedFonts.set(bytes, font);
    }
    return documentView(font);
  },
};

function documentView(font: FontkitFont): FontkitFont {
  const view = Object.create(font) as FontkitFont & { _glyphs: Record<number, unknown> };
  view._glyphs = {};
  // fontkit's @cache getter: builds the engine for `this` (the view) and stores it on the view.
  layoutEngineGetter(font)?.call(view);
  return view;
}

function layoutEngineGetter(font: object): (() => unknown) | undefined {
  for (let o: object | null = Object.getPrototypeOf(font); o; o = Object.getPrototypeOf(o)) {
    const getter = Object.getOwnPropertyDescriptor(o, '_layoutEngine')?.get;
    if (getter) return getter;
  }
  return undefined;
}

/** Embeds Liberation Serif (Times-metric, all Vietnamese glyphs) once per document, subset on save. */
export function embedFont(doc: PDFDocument, style: FontStyle): Promise<PDFFont> {
  let perDoc = embedded.get(doc);
  if (!perDoc) {
    doc.registerFontkit(cachedFontkit);
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
