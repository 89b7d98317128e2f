import { makeTestPdf } from './pdf-test-support';
import { readPageText } from './pdf-text-boxes';

describe('readPageText (pdfjs-dist)', () => {
  it('returns the text runs of a page with their positions', async () => {
    const pages = await readPageText(await makeTestPdf(2), [1, 2]);
    const p1 = pages.get(1)!;
    expect(Math.round(p1.height)).toBe(842);
    const first = p1.items.find((i) => i.text.startsWith('Page 1 line 1:'))!;
    expect(first).toMatchObject({ x: 85, y: 600, size: 12 });
    expect(pages.get(2)!.items).toHaveLength(20);
  });
});
