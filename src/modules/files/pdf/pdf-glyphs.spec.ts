import { PDFDocument, rgb } from 'pdf-lib';
import { type FontStyle, embedFont, pdfText } from './pdf-fonts';
import { crop, pdftotext, rasterizeGray } from './pdf-test-support';

// pdftotext reads the ToUnicode map, so it passes even when subsetting dropped the glyphs: only a
// rendered bitmap shows a lost glyph (it draws as the same .notdef box).
const LOWER = 'a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ đ e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ'.split(' ');
const LETTERS = [...LOWER, ...LOWER.map((c) => c.toLocaleUpperCase('vi'))];
const NOT_IN_FONT = '\uE000';
const CELL = { width: 40, height: 48, columns: 12, size: 26, originX: 20, originTop: 20 };
const STYLES: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

function cellOrigin(index: number): { x: number; top: number } {
  return {
    x: CELL.originX + (index % CELL.columns) * CELL.width,
    top: CELL.originTop + Math.floor(index / CELL.columns) * CELL.height,
  };
}

/** One page per style: every letter in its own cell, then one character the font lacks. */
async function renderGlyphSheet(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const style of STYLES) {
    const page = doc.addPage([595.28, 841.89]);
    const font = await embedFont(doc, style);
    [...LETTERS, NOT_IN_FONT].forEach((letter, i) => {
      const { x, top } = cellOrigin(i);
      page.drawText(pdfText(letter), { x: x + 8, y: page.getHeight() - top - 36, size: CELL.size, font, color: rgb(0, 0, 0) });
    });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe('Vietnamese glyph rendering with the subset-embedded font', () => {
  let sheet: Buffer;

  beforeAll(async () => {
    // The parsed fonts are shared across documents (pdf-fonts.ts): render another document first, so the sheet
    // below is subset from Font objects that already served a different subset.
    const other = await PDFDocument.create();
    const page = other.addPage();
    for (const style of STYLES) page.drawText('Số: 05/TB-UBND — Tây Tựu, ngày 07 tháng 7 năm 2025', { x: 20, y: 400, size: 12, font: await embedFont(other, style) });
    await other.save();
    sheet = await renderGlyphSheet();
  });

  it('covers the 146 letters of the alphabet with tones (134 of them outside ASCII)', () => {
    expect(new Set(LETTERS).size).toBe(146);
    expect(LETTERS.filter((c) => c.charCodeAt(0) > 0x7f)).toHaveLength(134);
  });

  it.each(STYLES.map((style, i) => [style, i + 1] as const))(
    '%s: every letter has ink and all 146 bitmaps differ from each other and from .notdef',
    async (_style, pageNumber) => {
      const image = await rasterizeGray(sheet, pageNumber);
      const bitmaps = [...LETTERS, NOT_IN_FONT].map((_, i) => {
        const { x, top } = cellOrigin(i);
        return crop(image, x, top, CELL.width, CELL.height);
      });
      const notdef = bitmaps.pop()!.toString('hex');
      const keys = bitmaps.map((b) => b.toString('hex'));
      const inkless = LETTERS.filter((_, i) => !bitmaps[i].some((v) => v < 128));
      expect(inkless).toEqual([]);
      expect(LETTERS.filter((_, i) => keys[i] === notdef)).toEqual([]);
      const duplicates = LETTERS.filter((_, i) => keys.indexOf(keys[i]) !== i);
      expect(duplicates).toEqual([]);
    },
  );

  it('text extraction round-trips the letters (ToUnicode map)', async () => {
    const extracted = new Set(Array.from((await pdftotext(sheet, 1)).normalize('NFC')));
    expect(LETTERS.filter((c) => !extracted.has(c))).toEqual([]);
  });
});
