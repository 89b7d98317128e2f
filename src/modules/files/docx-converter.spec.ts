import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DocxConverter, looksLikeDocx } from './docx-converter';
import { findDraftAnchors } from './pdf/draft-anchors';
import { renderIssuedDocument } from './pdf/issue-render';
import { pdftotext, saveArtifactPng, wordBoxes } from './pdf/pdf-test-support';

const fixture = readFileSync(path.resolve(__dirname, '../../../tests/fixtures/du-thao-thong-bao.docx'));

describe('DOCX drafts (LibreOffice headless)', () => {
  it('the Word fixture converts; the number goes after its "Số:", the date in its blanks, the signature below its text', async () => {
    expect(looksLikeDocx(fixture)).toBe(true);
    const pdf = await new DocxConverter({ timeoutMs: 120_000 }).toPdf(fixture);
    const { placement, problems } = await findDraftAnchors(pdf, 1);
    expect(problems).toEqual([]);
    expect(placement?.number?.mode).toBe('digits');
    const issued = await renderIssuedDocument(pdf, {
      placement, numberLine: 'Số: 12/TB-UBND', placeDateLine: 'Tân Bình, ngày 07 tháng 7 năm 2025',
      signatureBlock: { lines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Hoàng Khanh' },
    });
    await saveArtifactPng(issued, 'docx-fixture-issued', 1);
    const text = await pdftotext(issued, 1, { layout: true });
    expect(text).toMatch(/Số:\s+12 ?\/TB-UBND/);
    expect(text).toMatch(/ngày\s+07\s+tháng\s+7\s+năm 2025/);
    const before = await wordBoxes(pdf, 1);
    const key = (b: { text: string; xMin: number; yMin: number }) => `${b.text}@${b.xMin.toFixed(1)},${b.yMin.toFixed(1)}`;
    const known = new Set(before.map(key));
    for (const a of (await wordBoxes(issued, 1)).filter((b) => !known.has(key(b)))) {
      for (const b of before) if (a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax) throw new Error(`"${a.text}" over "${b.text}"`);
    }
  }, 180_000);

  it('anything but a .docx is refused before LibreOffice runs', async () => {
    await expect(new DocxConverter().toPdf(Buffer.from('%PDF-1.4 not a docx'))).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
  });
});
