import { findDraftAnchors } from './draft-anchors';
import { renderIssuedDocument } from './issue-render';
import { makeDecree30Draft, makeTestPdf, pdftotext, saveArtifactPng, wordBoxes } from './pdf-test-support';

describe('draft anchors: the number, the date and the signature go where the draft leaves room', () => {
  it('finds "Số:", the date blanks and the block space in a Decree 30 draft, and fills them without touching its text', async () => {
    const draft = await makeDecree30Draft({ pages: 2 });
    const { placement, problems } = await findDraftAnchors(draft, 2);
    expect(problems).toEqual([]);
    expect(placement?.number?.mode).toBe('symbol');
    const issued = await renderIssuedDocument(draft, {
      placement, numberLine: 'Số: 05/TB-UBND', placeDateLine: 'Tân Bình, ngày 07 tháng 7 năm 2025',
      signatureBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Lê Văn Chánh' },
    });
    await saveArtifactPng(issued, 'draft-anchors-page1', 1);
    await saveArtifactPng(issued, 'draft-anchors-last', 2);
    const text = (await pdftotext(issued, 1)).replace(/[ \t]+/g, ' ');
    expect(text).toContain('Số: 05/TB-UBND');
    expect(text).toContain('Tân Bình, ngày 07 tháng 7 năm 2025');
    const before = [...(await wordBoxes(draft, 1)), ...(await wordBoxes(draft, 2)).map((b) => ({ ...b, text: `p2:${b.text}` }))];
    const after = [...(await wordBoxes(issued, 1)), ...(await wordBoxes(issued, 2)).map((b) => ({ ...b, text: `p2:${b.text}` }))];
    const key = (b: { text: string; xMin: number; yMin: number }) => `${b.text}@${b.xMin.toFixed(1)},${b.yMin.toFixed(1)}`;
    const known = new Set(before.map(key));
    const added = after.filter((b) => !known.has(key(b)));
    expect(added.length).toBeGreaterThan(5);
    for (const a of added) {
      for (const b of before) {
        if (a.text.startsWith('p2:') !== b.text.startsWith('p2:')) continue;
        if (a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax) throw new Error(`"${a.text}" drawn over "${b.text}"`);
      }
    }
  });

  it('a plain PDF without "Số:" and a full last page: the number and the signature are reported, in Vietnamese', async () => {
    const { placement, problems } = await findDraftAnchors(await makeDecree30Draft({ pages: 1, numberLine: false, fullLastPage: true }), 1);
    expect(placement).toBeNull();
    expect(problems.map((p) => p.element)).toEqual(['number', 'signature']);
    expect(problems[0].message).toContain('"Số:"');
    const plain = await findDraftAnchors(await makeTestPdf(1), 1);
    expect(plain.problems.map((p) => p.element)).toEqual(['number', 'date']);
  });
});
