import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyMapping, detectLayout } from './layout';
import { parseBusinessDate } from './legacy-values';
import { parseRows } from './row-parser';
import { readRegisterFile } from './sheet-reader';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../tests/fixtures/legacy', name));

async function parse(name: string, kind: 'incoming_register' | 'outgoing_register', year: number, mapping?: Record<string, string>) {
  const grid = await readRegisterFile(fixture(name), name);
  const layout = detectLayout(grid, kind);
  const applied = applyMapping(layout, kind, mapping);
  return { layout, mapping: applied.mapping, ...parseRows(grid, layout, applied.mapping, kind, year) };
}

describe('reading old registers', () => {
  it('reads Vietnamese dates typed day first in the ways clerks type them', () => {
    expect(parseBusinessDate('05/3/2024')).toBe('2024-03-05');
    expect(parseBusinessDate('5-3-2024')).toBe('2024-03-05');
    expect(parseBusinessDate('05.03.2024')).toBe('2024-03-05');
    expect(parseBusinessDate('5/3/24')).toBe('2024-03-05');
    expect(parseBusinessDate('ngày 05 tháng 3 năm 2024')).toBe('2024-03-05');
    expect(parseBusinessDate(new Date(Date.UTC(2024, 2, 5)))).toBe('2024-03-05');
    expect(parseBusinessDate(45356)).toBe('2024-03-05');
    expect(parseBusinessDate('31/02/2024')).toBeNull();
    expect(parseBusinessDate('mùng 5')).toBeNull();
  });

  it('maps the ten Decree 30 columns of a clean register and reads every row', async () => {
    const r = await parse('so-den-thanh-tri-2024.xlsx', 'incoming_register', 2024);
    expect(r.mapping).toMatchObject({ arrivalDate: 'A', arrivalNumber: 'B', issuerName: 'C', symbol: 'D', documentDate: 'E', summary: 'F', recipient: 'G', note: 'J' });
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(40);
    expect(r.records.find((x) => x.number === 1532)).toMatchObject({ symbol: '2187/TNMT-ĐĐ', row: 33 });
  });

  it('finds a two-row header over merged cells below title lines and reads dates typed as text', async () => {
    const r = await parse('so-den-linh-nam-2024-lon-xon.xlsx', 'incoming_register', 2024);
    expect(r.layout.headerRows).toEqual([5, 6]);
    expect(r.mapping).toMatchObject({ arrivalNumber: 'A', arrivalDate: 'B', issuerName: 'C', symbol: 'D', documentDate: 'E', summary: 'F', recipient: 'G', note: 'H' });
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(25);
    expect(r.records[0]).toMatchObject({ number: 301, date: '2024-03-05' });
  });

  it('names each wrong row with its Excel row number and column', async () => {
    const r = await parse('so-den-co-loi.xlsx', 'incoming_register', 2024);
    expect(r.errors.map((e) => [e.row, e.column.split(' (')[0]])).toEqual([[4, 'Số đến'], [6, 'Ngày đến'], [8, 'Số đến']]);
    expect(r.errors[2].message).toContain('trùng với dòng 3');
    expect(r.records).toHaveLength(5);
  });

  it('reads an outgoing register exported as CSV with a BOM, the number taken from the symbol', async () => {
    const r = await parse('so-di-thanh-tri-2024.csv', 'outgoing_register', 2024);
    expect(r.mapping).toMatchObject({ symbol: 'A', documentDate: 'B', summary: 'C', signerName: 'D', recipient: 'E', note: 'H' });
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(20);
    expect(r.records[0]).toMatchObject({ number: 1, symbol: '01/QĐ-UBND', documentType: 'QUYET_DINH', date: '2024-01-08' });
    expect(r.records[1].documentType).toBe('CONG_VAN');
  });

  it('lets the caller map a column by letter or by header over the detection', async () => {
    const r = await parse('so-den-thanh-tri-2024.xlsx', 'incoming_register', 2024, { note: 'Ký nhận', recipient: 'H' });
    expect(r.mapping).toMatchObject({ note: 'I', recipient: 'H' });
  });
});
