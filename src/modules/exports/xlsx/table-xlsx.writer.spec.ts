import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { sheetName } from './sheet-name';
import { excelDate, writeTableXlsx } from './table-xlsx.writer';

describe('Excel sheet names', () => {
  it('keeps at most 31 characters and none of [ ] : * ? / \\', () => {
    expect(sheetName('Sổ theo dõi giải quyết văn bản đến năm 2025')).toBe('Sổ theo dõi giải quyết văn bản');
    expect(sheetName('Sổ 01/2025: [mật]?*\\')).toBe('Sổ 01 2025 mật');
    expect(sheetName("'''")).toBe('Trang 1');
  });
});

describe('Excel dates', () => {
  it('turns a calendar day into midnight UTC of that day, whatever the form it came in', () => {
    expect(excelDate('2025-07-03')?.toISOString()).toBe('2025-07-03T00:00:00.000Z');
    expect(excelDate('3/7/2025')?.toISOString()).toBe('2025-07-03T00:00:00.000Z');
    expect(excelDate(new Date(Date.UTC(2025, 6, 3)))?.toISOString()).toBe('2025-07-03T00:00:00.000Z');
    expect(excelDate(null)).toBeNull();
  });
});

describe('the streaming table writer', () => {
  it('writes typed cells under a frozen header and reads back the same values', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    async function* rows() {
      yield ['2025-07-03', 12, 'Sở Nội vụ', 0.5];
      yield [null, 13, 'UBND Thành phố', null];
    }
    const n = await writeTableXlsx(out, {
      sheet: 'Sổ đến', titleLines: ['SỔ ĐĂNG KÝ VĂN BẢN ĐẾN'],
      columns: [{ header: 'Ngày đến', width: 12, type: 'date' }, { header: 'Số đến', width: 8, type: 'number' },
        { header: 'Tác giả', width: 30, type: 'text' }, { header: 'Tỷ lệ', width: 8, type: 'percent' }],
      rows: rows(),
    });
    expect(n).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sổ đến')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getRow(2).values).toEqual([undefined, 'Ngày đến', 'Số đến', 'Tác giả', 'Tỷ lệ']);
    expect(ws.getCell('A3').value).toEqual(new Date(Date.UTC(2025, 6, 3)));
    expect(ws.getCell('A3').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('B3').value).toBe(12);
    expect(ws.getCell('D3').value).toBe(0.5);
    expect(ws.getCell('A4').value).toBeNull();
    expect(ws.getColumn(3).width).toBe(30);
  });
});
