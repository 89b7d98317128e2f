import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { embedFont } from './pdf-fonts';
import { readPageText } from './pdf-text-boxes';

/** Helpers for specs: sample PDFs and the poppler command-line tools. Not used by the app. */

const run = promisify(execFile);

export interface GrayImage {
  width: number;
  height: number;
  pixels: Buffer;
}

/** A4 pages with ASCII body text, leaving the Decree 30 header and signature areas blank. */
export async function makeTestPdf(pageCount = 3): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 1; p <= pageCount; p++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let line = 0; line < 20; line++) {
      const text = `Page ${p} line ${line + 1}: body text of the draft document for testing.`;
      page.drawText(text, { x: 85, y: 600 - line * 18, size: 12, font });
    }
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-pdf-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function pdftotext(pdf: Buffer, page?: number, o: { layout?: boolean } = {}): Promise<string> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
    const { stdout } = await run('pdftotext', [...range, ...(o.layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']);
    return stdout;
  });
}

/** pdfsig exits non-zero for untrusted certificates, so its output is returned either way. */
export function pdfsig(pdf: Buffer): Promise<string> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    try {
      const { stdout } = await run('pdfsig', [file]);
      return stdout;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
  });
}

/** Renders one page to an 8-bit grey bitmap (PGM); at 72 dpi one pixel is one PDF point. */
export function rasterizeGray(pdf: Buffer, page: number, dpi = 72): Promise<GrayImage> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const prefix = path.join(dir, 'out');
    const args = ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), '-singlefile', file, prefix];
    await run('pdftoppm', args);
    return parsePgm(await readFile(`${prefix}.pgm`));
  });
}

function parsePgm(data: Buffer): GrayImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('Not a binary PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, pixels: data.subarray(header[0].length, header[0].length + width * height) };
}

/** Crops a rectangle given in pixels from the top-left corner. */
export function crop(image: GrayImage, x: number, y: number, width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height);
  for (let row = 0; row < height; row++) {
    const start = (y + row) * image.width + x;
    image.pixels.copy(out, row * width, start, start + width);
  }
  return out;
}

/** Writes page `page` as test-artifacts/<name>.png (pdftoppm, 60 dpi) for a person to look at; the folder is gitignored. */
export async function saveArtifactPng(pdf: Buffer, name: string, page = 1, dpi = 60): Promise<string> {
  const outDir = path.resolve(__dirname, '../../../../test-artifacts');
  await mkdir(outDir, { recursive: true });
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(outDir, name)]);
    return path.join(outDir, `${name}.png`);
  });
}

/** Text boxes of the words on one page, in PDF points from the top-left (pdftotext -bbox). */
export function wordBoxes(pdf: Buffer, page: number): Promise<Array<{ text: string; xMin: number; yMin: number; xMax: number; yMax: number }>> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
    const words = [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
    return words.map((m) => ({ xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text: m[5] }));
  });
}

export interface Decree30DraftOptions {
  pages?: number;
  place?: string;
  /** false: a plain draft without the "Số:" line. */
  numberLine?: boolean;
  /** Body lines on the last page run down to the bottom margin (no room for the signature block). */
  fullLastPage?: boolean;
  /** "Nơi nhận:" and its list on the left of the last page, under the body. */
  recipients?: boolean;
  /** The draft prints its own signature block on the right, level with "Nơi nhận", `gapMm` between position and name. */
  ownBlock?: { lines: string[]; name: string | null; gapMm: number };
}

/**
 * An A4 draft as a drafter makes it in Word (Decree 30 Phụ lục I): agency and Quốc hiệu header, "Số:" with the number
 * left blank, "<place>, ngày … tháng … năm …" with blanks, body text, and the last page leaving the signature area free.
 */
export async function makeDecree30Draft(o: Decree30DraftOptions = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const [regular, bold, italic, boldItalic] = await Promise.all(['regular', 'bold', 'italic', 'boldItalic'].map((s) => embedFont(doc, s as 'regular')));
  const mmPt = (v: number) => (v * 72) / 25.4;
  const pages = o.pages ?? 3;
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    const top = (fromTopMm: number) => 841.89 - mmPt(fromTopMm);
    const centred = (text: string, centreMm: number, fromTopMm: number, font = regular, size = 13) =>
      page.drawText(text, { x: mmPt(centreMm) - font.widthOfTextAtSize(text, size) / 2, y: top(fromTopMm), size, font });
    let bodyTop = 25;
    if (p === 1) {
      centred('ỦY BAN NHÂN DÂN', 55, 25, bold);
      centred(`PHƯỜNG ${(o.place ?? 'Tân Bình').toLocaleUpperCase('vi')}`, 55, 30.5, bold);
      centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 140, 25, bold);
      centred('Độc lập - Tự do - Hạnh phúc', 140, 30.5, bold, 14);
      if (o.numberLine !== false) page.drawText('Số:', { x: mmPt(32), y: top(47), size: 13, font: regular });
      page.drawText(`${o.place ?? 'Tân Bình'}, ngày`, { x: mmPt(92), y: top(47), size: 13, font: italic });
      page.drawText('tháng', { x: mmPt(92) + italic.widthOfTextAtSize(`${o.place ?? 'Tân Bình'}, ngày`, 13) + 24, y: top(47), size: 13, font: italic });
      page.drawText('năm', { x: mmPt(92) + italic.widthOfTextAtSize(`${o.place ?? 'Tân Bình'}, ngày tháng`, 13) + 48, y: top(47), size: 13, font: italic });
      centred('THÔNG BÁO', 112, 62, bold, 14);
      bodyTop = 75;
    }
    const last = p === pages;
    const bottomMm = last && !o.fullLastPage ? 150 : 280;
    for (let y = bodyTop, line = 1; y <= bottomMm; y += 7, line++) {
      page.drawText(`Trang ${p} dòng ${line}: nội dung dự thảo văn bản để kiểm thử.`, { x: mmPt(30), y: top(y), size: 13, font: regular });
    }
    if (last && (o.recipients || o.ownBlock)) {
      const at = bottomMm + 12;
      page.drawText('Nơi nhận:', { x: mmPt(30), y: top(at), size: 12, font: boldItalic });
      ['- Chủ tịch, các Phó Chủ tịch UBND phường;', '- Các phòng chuyên môn;', '- Lưu: VT, VP.']
        .forEach((l, i) => page.drawText(l, { x: mmPt(30), y: top(at + 5 + i * 4.5), size: 11, font: regular }));
      if (o.ownBlock) {
        o.ownBlock.lines.forEach((l, i) => centred(l, 140, at + i * 5.5, bold));
        const lastLine = at + (o.ownBlock.lines.length - 1) * 5.5;
        if (o.ownBlock.name) centred(o.ownBlock.name, 140, lastLine + o.ownBlock.gapMm, bold);
      }
    }
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export type WordBox = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };
const intersects = (a: WordBox, b: WordBox) => a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax;

/**
 * What was drawn on `page` of `after` that `before` did not have — words (pdftotext -bbox) and every image (pdf.js
 * operator list; named "image#n") — and the words `before` printed, all in points from the top-left corner.
 */
export async function drawnAndPrinted(before: Buffer, after: Buffer, page: number): Promise<{ drawn: WordBox[]; printed: WordBox[] }> {
  const printed = await wordBoxes(before, page);
  const key = (b: WordBox) => `${b.text}@${b.xMin.toFixed(1)},${b.yMin.toFixed(1)}`;
  const known = new Set(printed.map(key));
  const words = (await wordBoxes(after, page)).filter((b) => !known.has(key(b)));
  const p = (await readPageText(after, [page])).get(page);
  const images = (p?.images ?? []).map((r, i) => ({ text: `image#${i}`, xMin: r.x, xMax: r.x + r.width, yMin: (p?.height ?? 0) - r.y - r.height, yMax: (p?.height ?? 0) - r.y }));
  return { drawn: [...words, ...images], printed };
}

/** Throws naming the first drawn word or image whose box intersects a printed word's box. */
export function expectNothingOverText(drawn: WordBox[], printed: WordBox[]): void {
  for (const a of drawn) for (const b of printed) if (intersects(a, b)) throw new Error(`${a.text} drawn over "${b.text}"`);
}
