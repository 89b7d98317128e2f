import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { formatNumberLine, formatPlaceDateLine, formatSymbol } from './decree30-format';
import { renderIssuedDocument } from './issue-render';
import { makeTestPdf, pdftotext, rasterizeGray } from './pdf-test-support';
import { mm } from './text-layout';

const demo = (name: string) => readFileSync(path.resolve(__dirname, '../../../../assets/demo', name));

describe('issued document rendering', () => {
  let draft: Buffer;
  let issued: Buffer;

  beforeAll(async () => {
    draft = await makeTestPdf(3);
    issued = await renderIssuedDocument(draft, {
      numberLine: formatNumberLine(formatSymbol({ number: 5, abbreviation: 'TB', agencyShortName: 'UBND' })),
      placeDateLine: formatPlaceDateLine('Tân Bình', '2025-07-07'),
      signatureBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Nguyễn Thị Thu Hằng' },
      signatureImage: demo('signature-1.png'),
      sealImage: demo('seal-ubnd.png'),
    });
  });

  it('page 1 shows the number line and the place-and-date line', async () => {
    const text = await pdftotext(issued, 1);
    expect(text).toContain('Số: 05/TB-UBND');
    expect(text).toContain('Tân Bình, ngày 07 tháng 7 năm 2025');
  });

  it('the last page shows the authority lines and the signer name', async () => {
    const text = await pdftotext(issued, 3);
    expect(text).toContain('TL. CHỦ TỊCH');
    expect(text).toContain('CHÁNH VĂN PHÒNG');
    expect(text).toContain('Nguyễn Thị Thu Hằng');
    expect(await pdftotext(issued, 2)).not.toContain('CHÁNH VĂN PHÒNG');
  });

  it('keeps the page count and writes a classic xref table (no object streams) for the signer', async () => {
    expect((await PDFDocument.load(issued)).getPageCount()).toBe(3);
    expect(issued.includes('/ObjStm')).toBe(false);
    expect(issued.includes('\nxref\n')).toBe(true);
  });

  it('draws the signature and the seal between the position line and the name', async () => {
    const image = await rasterizeGray(issued, 3);
    const inkInRow = (y: number, x0: number, x1: number) => {
      let ink = 0;
      for (let x = x0; x < x1; x++) if (image.pixels[y * image.width + x] < 200) ink++;
      return ink;
    };
    const nameBaselineY = image.height - Math.round(mm(30));
    const middleY = nameBaselineY - Math.round(mm(12.5) + 6);
    // The seal (36 mm) reaches further left than the signature, which is centred at 140 mm.
    expect(inkInRow(middleY, Math.round(mm(98)), Math.round(mm(112)))).toBeGreaterThan(0);
    expect(inkInRow(middleY, Math.round(mm(112)), Math.round(mm(165)))).toBeGreaterThan(0);
  });

  it('renders without images too', async () => {
    const plain = await renderIssuedDocument(draft, {
      numberLine: 'Số: 12/UBND-VP',
      placeDateLine: 'Tây Tựu, ngày 05 tháng 01 năm 2026',
      signatureBlock: { lines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Trần Văn Bình' },
    });
    expect(await pdftotext(plain, 3)).toContain('KT. CHỦ TỊCH');
  });

  it.each([[[]], [['A', 'B', 'C', 'D', 'E']]])('rejects a signature block with %p authority lines', async (lines) => {
    await expect(
      renderIssuedDocument(draft, { numberLine: 'Số: 01/TB-UBND', placeDateLine: 'x', signatureBlock: { lines, name: 'A' } }),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
