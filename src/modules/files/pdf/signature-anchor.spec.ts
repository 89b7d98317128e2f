import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DocxConverter } from '../docx-converter';
import { findDraftAnchors } from './draft-anchors';
import { appendIssueRevision, renderSignerCopy, type SignatureBlock } from './issue-render';
import { drawnAndPrinted, expectNothingOverText, makeDecree30Draft, pdftotext, saveArtifactPng } from './pdf-test-support';

const fixtures = path.resolve(__dirname, '../../../../tests/fixtures');
const demo = (name: string) => readFileSync(path.resolve(__dirname, '../../../../assets/demo', name));
const mm = (v: number) => (v * 72) / 25.4;
const block: SignatureBlock = { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Lê Văn Chánh' };

/** The issue path on a draft: the signer's copy (block and signature), then the number, the date and the seal. */
async function issue(draft: Buffer, pages: number): Promise<Buffer> {
  const { placement, problems } = await findDraftAnchors(draft, pages);
  expect(problems).toEqual([]);
  const copy = await renderSignerCopy(draft, { signatureBlock: block, placement, signatureImage: demo('signature-1.png') });
  return appendIssueRevision(copy, {
    numberLine: 'Số: 01/TB-UBND', placeDateLine: 'Tân Bình, ngày 07 tháng 7 năm 2025', placement, signatureBlock: block,
    signatureImage: demo('signature-1.png'), sealImage: demo('seal-ubnd.png'),
  });
}

describe('the signature block of an uploaded draft', () => {
  it('a draft with "Nơi nhận" and no block: vanthu\'s block stands level with "Nơi nhận", seal and signature over no printed text', async () => {
    const draft = await makeDecree30Draft({ pages: 1, recipients: true });
    const issued = await issue(draft, 1);
    await saveArtifactPng(issued, 'signature-anchor-noi-nhan', 1, 70);
    const { drawn, printed } = await drawnAndPrinted(draft, issued, 1);
    const recipients = printed.find((b) => b.text === 'Nơi')!;
    const first = drawn.find((b) => b.text === 'TL.')!;
    expect(Math.abs(first.yMin - recipients.yMin)).toBeLessThan(mm(2));
    expect(drawn.filter((b) => b.text.startsWith('image#'))).toHaveLength(2);
    expectNothingOverText(drawn, printed);
  });

  it('a draft that prints its own block: the signature and the seal go in its gap, no second block is drawn', async () => {
    const draft = await makeDecree30Draft({ pages: 1, ownBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Lê Văn Chánh', gapMm: 32 } });
    const issued = await issue(draft, 1);
    await saveArtifactPng(issued, 'signature-anchor-own-block', 1, 70);
    const text = await pdftotext(issued, 1);
    expect(text.match(/CHÁNH VĂN PHÒNG/g)).toHaveLength(1);
    expect(text.match(/Lê Văn Chánh/g)).toHaveLength(1);
    const { drawn, printed } = await drawnAndPrinted(draft, issued, 1);
    expect(drawn.filter((b) => !b.text.startsWith('image#')).map((b) => b.text)).not.toContain('CHỦ');
    const position = printed.find((b) => b.text === 'PHÒNG')!;
    const name = printed.find((b) => b.text === 'Chánh' && b.yMin > position.yMax)!;
    for (const image of drawn.filter((b) => b.text.startsWith('image#'))) {
      expect(image.yMin).toBeGreaterThanOrEqual(position.yMax);
      expect(image.yMax).toBeLessThanOrEqual(name.yMin);
    }
    expectNothingOverText(drawn, printed);
  });

  it('a draft that prints the position lines but leaves the name out: signed under them, the signer\'s name written below', async () => {
    const draft = await makeDecree30Draft({ pages: 1, ownBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: null, gapMm: 0 } });
    const issued = await issue(draft, 1);
    await saveArtifactPng(issued, 'signature-anchor-own-block-no-name', 1, 70);
    const text = await pdftotext(issued, 1);
    expect(text.match(/CHÁNH VĂN PHÒNG/g)).toHaveLength(1);
    const { drawn, printed } = await drawnAndPrinted(draft, issued, 1);
    const position = printed.find((b) => b.text === 'PHÒNG')!;
    const name = drawn.find((b) => b.text === 'Chánh')!;
    expect(name.yMin - position.yMax).toBeGreaterThan(mm(20));
    for (const image of drawn.filter((b) => b.text.startsWith('image#'))) expect(image.yMax).toBeLessThanOrEqual(name.yMin);
    expectNothingOverText(drawn, printed);
  });

  it('a printed block whose gap is too small for a signature and a seal is refused, saying so in Vietnamese', async () => {
    const draft = await makeDecree30Draft({ pages: 1, ownBlock: { lines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Hoàng Khanh', gapMm: 12 } });
    const { placement, problems } = await findDraftAnchors(draft, 1);
    expect(placement).toBeNull();
    expect(problems).toEqual([{ element: 'signature', message: expect.stringMatching(/đã có khối chữ ký "KT\. CHỦ TỊCH \/ PHÓ CHỦ TỊCH".*cần ít nhất 20 mm/) }]);
  });

  it('a Word draft with its own block beside "Nơi nhận" (LibreOffice): signed in its gap, nothing over its text', async () => {
    const draft = await new DocxConverter({ timeoutMs: 120_000 }).toPdf(readFileSync(path.join(fixtures, 'du-thao-co-khoi-ky.docx')));
    const issued = await issue(draft, 1);
    await saveArtifactPng(issued, 'signature-anchor-docx-own-block', 1, 70);
    const text = await pdftotext(issued, 1, { layout: true });
    expect(text.match(/CHÁNH VĂN PHÒNG/g)).toHaveLength(1);
    expect(text).toMatch(/Số:\s+01 ?\/TB-UBND/);
    const { drawn, printed } = await drawnAndPrinted(draft, issued, 1);
    expect(drawn.filter((b) => b.text.startsWith('image#'))).toHaveLength(2);
    expectNothingOverText(drawn, printed);
  }, 180_000);
});
