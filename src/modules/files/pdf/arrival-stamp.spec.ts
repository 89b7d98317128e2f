import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { layoutAgencyName, renderArrivalStamp } from './arrival-stamp';
import { embedFont } from './pdf-fonts';
import { PdfUnreadableError } from './pdf-inspect';
import { crop, makeTestPdf, pdftotext, rasterizeGray } from './pdf-test-support';
import { mm } from './text-layout';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('ĐẾN arrival stamp', () => {
  let original: Buffer;
  let stamped: Buffer;
  let originalHash: string;

  beforeAll(async () => {
    original = await makeTestPdf(3);
    originalHash = sha256(original);
    const result = await renderArrivalStamp(original, {
      agencyName: 'Ủy ban nhân dân phường Tây Tựu',
      arrivalNumber: 17,
      arrivalDate: '2026-01-02',
      direction: 'Phòng Kinh tế',
    });
    stamped = result.pdf;
  });

  it('page 1 text carries every stamp line with its Vietnamese diacritics', async () => {
    const text = await pdftotext(stamped, 1);
    expect(text).toContain('ĐẾN');
    expect(text).toContain('Số: 17');
    expect(text).toContain('Ngày: 02/01/2026');
    expect(text).toContain('Chuyển: Phòng Kinh tế');
    expect(text).toContain('Số và ký hiệu HS:');
    expect(squash(text)).toContain('ỦY BAN NHÂN DÂN PHƯỜNG TÂY TỰU');
  });

  it('the stamp is drawn only on page 1', async () => {
    expect(await pdftotext(stamped, 2)).not.toContain('ĐẾN');
  });

  it('the original buffer is unchanged and the page count is kept', async () => {
    expect(sha256(original)).toBe(originalHash);
    expect((await PDFDocument.load(stamped)).getPageCount()).toBe(3);
  });

  it('the 50 × 35 mm frame is inked at x = 15 mm, 10 mm below the top edge', async () => {
    const image = await rasterizeGray(stamped, 1);
    const [left, top, width, height] = [mm(15), mm(10), mm(50), mm(35)].map(Math.round);
    const darkPixels = (x: number, y: number, w: number, h: number) =>
      crop(image, x, y, w, h).filter((v) => v < 200).length;
    expect(darkPixels(left - 1, top + 10, 3, height - 20)).toBeGreaterThan(height - 25); // left edge
    expect(darkPixels(left + 10, top + height - 1, width - 20, 3)).toBeGreaterThan(width - 25); // bottom edge
    expect(darkPixels(left + width + 4, top, 40, height)).toBe(0); // nothing right of the frame
  });

  it('a long agency name shrinks and wraps inside the stamp width', async () => {
    const doc = await PDFDocument.create();
    const bold = await embedFont(doc, 'bold');
    const name = 'ỦY BAN NHÂN DÂN PHƯỜNG KHƯƠNG ĐÌNH, THÀNH PHỐ HÀ NỘI - VĂN PHÒNG HĐND VÀ UBND PHƯỜNG';
    const { lines, size } = layoutAgencyName(bold, name, mm(46));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(size).toBeLessThan(9);
    for (const line of lines) expect(bold.widthOfTextAtSize(line, size)).toBeLessThanOrEqual(mm(46));
  });

  it('a short agency name stays on one line at the preferred size', async () => {
    const doc = await PDFDocument.create();
    const { lines, size } = layoutAgencyName(await embedFont(doc, 'bold'), 'UBND PHƯỜNG 3', mm(46));
    expect(lines).toEqual(['UBND PHƯỜNG 3']);
    expect(size).toBe(9);
  });

  it.each([
    [0, '2026-01-02'],
    [17, '02/01/2026'],
  ])('rejects arrival number %p with date %p', async (arrivalNumber, arrivalDate) => {
    await expect(renderArrivalStamp(original, { agencyName: 'UBND', arrivalNumber, arrivalDate })).rejects.toBeInstanceOf(RangeError);
  });

  it('an unreadable original is rejected', async () => {
    await expect(
      renderArrivalStamp(Buffer.from('not a pdf'), { agencyName: 'UBND', arrivalNumber: 1, arrivalDate: '2026-01-02' }),
    ).rejects.toBeInstanceOf(PdfUnreadableError);
  });
});
