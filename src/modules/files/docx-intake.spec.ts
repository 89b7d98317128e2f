import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipEntryNames } from './docx-intake';

const fixture = readFileSync(path.resolve(__dirname, '../../../tests/fixtures/du-thao-thong-bao.docx'));

describe('recognising a Word file by its ZIP central directory', () => {
  it('the Word fixture lists word/document.xml among its entries', () => {
    expect(zipEntryNames(fixture)).toContain('word/document.xml');
  });

  it('a ZIP whose entries do not include word/document.xml is not a Word file, whatever its bytes mention', () => {
    const renamed = Buffer.from(fixture.toString('latin1').replaceAll('word/document.xml', 'word/documenx.xml'), 'latin1');
    const names = zipEntryNames(renamed);
    expect(names).toContain('word/documenx.xml');
    expect(names).not.toContain('word/document.xml');
  });

  it('something that is not a ZIP, or a ZIP cut short before its directory, gives no entries', () => {
    expect(zipEntryNames(Buffer.from('%PDF-1.7 word/document.xml'))).toBeNull();
    expect(zipEntryNames(fixture.subarray(0, Math.floor(fixture.length / 2)))).toBeNull();
  });
});
