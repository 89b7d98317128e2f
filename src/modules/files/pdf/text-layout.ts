import type { Color, PDFFont, PDFPage } from 'pdf-lib';

export const MM = 72 / 25.4;

export interface TextStyle {
  font: PDFFont;
  size: number;
  color: Color;
}

export function mm(value: number): number {
  return value * MM;
}

/** Largest size in [min, preferred] (0.5 pt steps) at which the text fits the width. */
export function fitSize(font: PDFFont, text: string, maxWidth: number, preferred: number, min: number): number {
  for (let size = preferred; size > min; size -= 0.5) {
    if (font.widthOfTextAtSize(text, size) <= maxWidth) return size;
  }
  return min;
}

/** Greedy word wrap; a single word wider than the line stays on its own line. */
export function wrapWords(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** Cuts the text and appends '…' so it fits the width. */
export function ellipsize(font: PDFFont, text: string, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

export function drawCentered(page: PDFPage, text: string, centreX: number, baseline: number, style: TextStyle): void {
  const width = style.font.widthOfTextAtSize(text, style.size);
  page.drawText(text, { x: centreX - width / 2, y: baseline, ...style });
}

/** Draws at x and returns the x where the text ends. */
export function drawLeft(page: PDFPage, text: string, x: number, baseline: number, style: TextStyle): number {
  page.drawText(text, { x, y: baseline, ...style });
  return x + style.font.widthOfTextAtSize(text, style.size);
}

/** Visible page box in user space (the crop box falls back to the media box). */
export function pageBox(page: PDFPage): { left: number; bottom: number; top: number; right: number } {
  const box = page.getCropBox();
  return { left: box.x, bottom: box.y, top: box.y + box.height, right: box.x + box.width };
}
