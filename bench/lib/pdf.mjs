import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** An A4 draft with `pages` pages of text and room at the top and bottom for the number line and signature block. */
export async function makePdf(pages) {
  const { PDFDocument, StandardFonts } = require('pdf-lib');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let l = 0; l < 30; l++) page.drawText(`Noi dung van ban, trang ${p + 1}, dong ${l + 1}: thuc hien theo quy dinh hien hanh.`, { x: 85, y: 640 - l * 16, size: 12, font });
  }
  return Buffer.from(await doc.save());
}
