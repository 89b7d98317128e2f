import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { readPageText } from '../files/pdf/pdf-text-boxes';
import { REGISTER_COLUMNS, RegisterColumn, RegisterRow } from './register-columns';
import { RegisterPdfRenderer } from './register-pdf.renderer';
import { paperFor } from './register-table';

const run = promisify(execFile);
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/registers');
const day = (m: number, d: number) => new Date(Date.UTC(2025, m - 1, d));
const heading = {
  agencyName: 'Ủy ban nhân dân phường Tân Bình', parentAgencyName: 'Ủy ban nhân dân Thành phố Hồ Chí Minh',
  registerName: 'Sổ đăng ký văn bản đến', year: 2025, fromNumber: 1, toNumber: 1000, from: '2025-01-01', to: '2025-12-31',
};

async function* incomingRows(n: number): AsyncIterable<RegisterRow> {
  for (let i = 1; i <= n; i++) {
    yield {
      arrivalDate: day(7, 7), arrivalNumber: i, issuerName: 'Ủy ban nhân dân Thành phố Hồ Chí Minh', symbol: `${i}/UBND-VX`,
      documentDate: day(7, 5),
      typeAndSummary: `Công văn V/v triển khai công tác phòng, chống dịch bệnh sốt xuất huyết trên địa bàn phường (dòng ${i}) ${'bổ sung '.repeat(i % 9)}`,
      recipients: i % 4 ? 'Phòng Văn hóa - Xã hội' : 'Phòng Văn hóa - Xã hội; Phối hợp: Trạm Y tế phường; Công an phường',
      transferDate: day(7, 8), receiverSignature: null, note: i % 3 ? null : 'Khẩn',
    };
  }
}

describe('RegisterPdfRenderer (layout)', () => {
  jest.setTimeout(120_000);

  it('repeats the column headings on every page and never splits a row across pages', async () => {
    const pdf = Buffer.from(await new RegisterPdfRenderer().renderToBytes(heading, 'incoming_register', incomingRows(1000)));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'incoming-1000.pdf'), pdf);
    const { stdout } = await run('pdfinfo', [path.join(ARTIFACTS, 'incoming-1000.pdf')]);
    const pageCount = Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
    expect(pageCount).toBeGreaterThan(20);
    const texts = await readPageText(pdf, Array.from({ length: pageCount }, (_, i) => i + 1));
    const seen = new Map<number, number>();
    for (let p = 2; p <= pageCount; p++) {
      const items = texts.get(p)!.items;
      // Column (1)…(10) numbers under the headings, in order from left to right.
      const numbers = items.filter((it) => /^\(\d+\)$/.test(it.text)).sort((a, b) => a.x - b.x).map((it) => it.text);
      expect(numbers).toEqual(REGISTER_COLUMNS.incoming_register.map((_, i) => `(${i + 1})`));
      expect(items.some((it) => it.text === 'Ngày đến')).toBe(true);
      const headerBottom = Math.min(...items.filter((it) => /^\(\d+\)$/.test(it.text)).map((it) => it.y));
      // Every data row has one "n/UBND-VX" symbol and one "dòng n)" in its summary: both on the same page.
      for (const it of items) {
        const sym = /^(\d+)\/UBND-VX$/.exec(it.text);
        if (sym) {
          expect(it.y).toBeLessThan(headerBottom);
          expect(seen.has(Number(sym[1]))).toBe(false);
          seen.set(Number(sym[1]), p);
        }
      }
      for (const it of items) {
        const line = /\(dòng (\d+)\)/.exec(it.text);
        if (line) expect(seen.get(Number(line[1]))).toBe(p);
      }
      expect(items.some((it) => it.text === `Trang ${p - 1}/${pageCount - 1}`)).toBe(true);
    }
    expect(seen.size).toBe(1000);
  });

  it('prints the cover with the agency, the register, the year and the numbers', async () => {
    const pdf = Buffer.from(await new RegisterPdfRenderer().renderToBytes(heading, 'incoming_register', incomingRows(3)));
    const text = (await readPageText(pdf, [1])).get(1)!.items.map((i) => i.text).join('\n');
    expect(text).toContain('ỦY BAN NHÂN DÂN PHƯỜNG TÂN BÌNH');
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(text).toContain('Năm: 2025');
    expect(text).toContain('Từ số 1 đến số 1000');
    expect(text).toContain('Sổ gồm 1 trang');
  });

  it('keeps a row taller than a page on one page, cut with an ellipsis, and goes on with the next row', async () => {
    async function* rows(): AsyncIterable<RegisterRow> {
      yield { arrivalNumber: 1, symbol: '1/UBND-VX', typeAndSummary: `Công văn ${'nội dung rất dài '.repeat(400)}(cuối)` };
      yield { arrivalNumber: 2, symbol: '2/UBND-VX', typeAndSummary: 'Công văn ngắn' };
    }
    const pdf = Buffer.from(await new RegisterPdfRenderer().renderToBytes(heading, 'incoming_register', rows()));
    const texts = await readPageText(pdf, [2, 3]);
    const page2 = texts.get(2)!.items.map((i) => i.text);
    expect(page2).toContain('1/UBND-VX');
    expect(page2.join(' ')).not.toContain('(cuối)');
    expect(page2.some((t) => t.endsWith('…'))).toBe(true);
    expect(texts.get(3)!.items.map((i) => i.text)).toContain('2/UBND-VX');
  });

  it('prints on A4 landscape when the columns fit, on A3 landscape when they do not', () => {
    for (const kind of ['incoming_register', 'outgoing_register', 'incoming_tracking'] as const) expect(paperFor(REGISTER_COLUMNS[kind]).name).toBe('A4');
    const wide: RegisterColumn[] = [...REGISTER_COLUMNS.incoming_register, { key: 'fileCode', header: 'Số và ký hiệu hồ sơ', width: 40, type: 'text' }];
    const a3 = paperFor(wide);
    expect(a3.name).toBe('A3');
    expect(a3.width).toBeGreaterThan(a3.height);
  });
});
