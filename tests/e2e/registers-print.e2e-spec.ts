import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { readPageText } from '../../src/modules/files/pdf/pdf-text-boxes';
import { REGISTER_COLUMNS, RegisterPrintKind, RegisterRow } from '../../src/modules/registers-print/register-columns';
import { RegisterPdfRenderer } from '../../src/modules/registers-print/register-pdf.renderer';
import { RegisterQuery, RegisterRowSource } from '../../src/modules/registers-print/register-rows.source';
import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { signedDocument } from '../factories/outgoing.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const run = promisify(execFile);
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/registers');
const DOCS = '/api/v1/incoming-documents';
const OUT = '/api/v1/outgoing-documents';

/** Decree 30/2020 Phụ lục IV, written out here so that a change of order or wording in the code fails the test. */
const DECREE30_HEADINGS: Record<RegisterPrintKind, string[]> = {
  incoming_register: ['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung văn bản',
    'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'],
  outgoing_register: ['Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung văn bản', 'Người ký', 'Nơi nhận văn bản',
    'Đơn vị, người nhận bản lưu', 'Số lượng bản', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'],
  incoming_tracking: ['Số đến', 'Tên loại, số, ký hiệu, ngày tháng và cơ quan ban hành văn bản', 'Đơn vị hoặc người nhận', 'Thời hạn giải quyết',
    'Tiến độ giải quyết', 'Số, ký hiệu văn bản trả lời', 'Ghi chú'],
};

async function collect(rows: AsyncIterable<RegisterRow>): Promise<RegisterRow[]> {
  const out: RegisterRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('printed registers (sổ đăng ký văn bản đến / đi, sổ theo dõi giải quyết văn bản đến)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let w: TanBinhWard;
  let source: RegisterRowSource;
  let renderer: RegisterPdfRenderer;
  /** A directed, still open incoming document of the tracking test: the outgoing test answers it. */
  let openIncomingId = '';
  const at = (iso: string) => t.clock.set(iso);

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    source = t.app.get(RegisterRowSource);
    renderer = t.app.get(RegisterPdfRenderer);
  });
  afterAll(() => t.close());

  /** Renders through the Nest providers, keeps the PDF under test-artifacts/ and returns it with its pdftotext -layout text. */
  async function print(q: RegisterQuery, name: string): Promise<{ pdf: Buffer; text: string; pages: number }> {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const progress: number[] = [];
    await renderer.render(await source.heading(q), q.kind, source.stream(q), out, (n) => progress.push(n));
    out.end();
    const pdf = Buffer.concat(chunks);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.pdf`);
    writeFileSync(file, pdf);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    const info = await run('pdfinfo', [file]);
    expect(progress[progress.length - 1]).toBe(await source.count(q));
    return { pdf, text: stdout, pages: Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]) };
  }

  /** On a table page: the headings, read cell by cell from the PDF, are exactly the Decree 30 ones, left to right. */
  async function expectHeadings(pdf: Buffer, page: number, kind: RegisterPrintKind): Promise<void> {
    expect(REGISTER_COLUMNS[kind].map((c) => c.header)).toEqual(DECREE30_HEADINGS[kind]);
    const items = (await readPageText(pdf, [page])).get(page)!.items;
    const numbers = items.filter((it) => /^\(\d+\)$/.test(it.text)).sort((a, b) => a.x - b.x);
    expect(numbers.map((n) => n.text)).toEqual(DECREE30_HEADINGS[kind].map((_, i) => `(${i + 1})`));
    const centres = numbers.map((n) => n.x + n.width / 2);
    const headings = centres.map((c, i) => {
      const lo = i === 0 ? 0 : (centres[i - 1] + c) / 2;
      const hi = i === centres.length - 1 ? Infinity : (c + centres[i + 1]) / 2;
      return items.filter((it) => it.y > numbers[i].y && it.x + it.width / 2 >= lo && it.x + it.width / 2 < hi)
        .sort((a, b) => b.y - a.y).map((it) => it.text.trim()).join(' ');
    });
    expect(headings).toEqual(DECREE30_HEADINGS[kind]);
  }

  /** The text of each column of a table page, top to bottom (wrapped lines joined with spaces). */
  async function columnTexts(pdf: Buffer, page: number): Promise<string[]> {
    const items = (await readPageText(pdf, [page])).get(page)!.items;
    const numbers = items.filter((it) => /^\(\d+\)$/.test(it.text)).sort((a, b) => a.x - b.x);
    const centres = numbers.map((n) => n.x + n.width / 2);
    const bounds = centres.map((c, i) => [i === 0 ? 0 : (centres[i - 1] + c) / 2, i === centres.length - 1 ? Infinity : (c + centres[i + 1]) / 2]);
    const below = items.filter((it) => it.y < numbers[0].y && !/^Trang \d+\/\d+$/.test(it.text)).sort((a, b) => b.y - a.y || a.x - b.x);
    return bounds.map(([lo, hi]) => below.filter((it) => it.x + it.width / 2 >= lo && it.x + it.width / 2 < hi).map((it) => it.text.trim()).join(' '));
  }

  it('the incoming register prints the 10 Decree 30 columns in order and every document of the period, and only those', async () => {
    const { users, departments } = w;
    at('2025-07-03T02:00:00Z');
    const before = await registerIncoming(t, users.officeClerk, { summary: 'V/v văn bản trước kỳ in' });
    at('2025-07-07T02:00:00Z');
    const first = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman }, {
      lead: { departmentId: departments.kt.id }, coordinators: [{ departmentId: departments.vhxh.id }], deadline: '2025-07-15',
    }, { symbol: '2047/SNV-TCBC', issuerName: 'Sở Nội vụ Thành phố Hồ Chí Minh', summary: 'V/v báo cáo tình hình vận hành chính quyền hai cấp', urgency: 'urgent' });
    at('2025-07-09T02:00:00Z');
    const second = await registerIncoming(t, users.officeClerk, { documentType: 'QUYET_DINH', symbol: '15/QĐ-UBND', summary: 'Về việc thành lập Tổ công tác chuyển đổi số' });
    at('2025-07-12T02:00:00Z');
    const after = await registerIncoming(t, users.officeClerk, { summary: 'V/v văn bản sau kỳ in' });
    expect([before.arrivalNumber, first.arrivalNumber, second.arrivalNumber, after.arrivalNumber]).toEqual([1, 2, 3, 4]);

    const q: RegisterQuery = { organizationId: w.org.id, kind: 'incoming_register', from: '2025-07-05', to: '2025-07-10' };
    expect(await source.count(q)).toBe(2);
    const rows = await collect(source.stream(q));
    expect(rows).toEqual([
      expect.objectContaining({
        arrivalDate: new Date(Date.UTC(2025, 6, 7)), arrivalNumber: 2, issuerName: 'Sở Nội vụ Thành phố Hồ Chí Minh', symbol: '2047/SNV-TCBC',
        typeAndSummary: 'Công văn V/v báo cáo tình hình vận hành chính quyền hai cấp',
        recipients: 'Phòng Kinh tế - Hạ tầng và Đô thị; Phối hợp: Phòng Văn hóa - Xã hội', transferDate: new Date(Date.UTC(2025, 6, 7)), note: 'Khẩn',
      }),
      expect.objectContaining({ arrivalNumber: 3, symbol: '15/QĐ-UBND', typeAndSummary: 'Quyết định Về việc thành lập Tổ công tác chuyển đổi số', recipients: null, transferDate: null }),
    ]);
    expect(await source.heading(q)).toMatchObject({ agencyName: w.org.name, registerName: 'Sổ đăng ký văn bản đến', year: 2025, fromNumber: 2, toNumber: 3 });

    const { pdf, text } = await print(q, 'incoming-register');
    await expectHeadings(pdf, 2, 'incoming_register');
    const cols = await columnTexts(pdf, 2);
    expect(cols[0]).toBe('07/07/2025 09/07/2025');
    expect(cols[1]).toBe('2 3');
    expect(cols[2]).toContain('Sở Nội vụ Thành phố Hồ Chí Minh');
    expect(cols[3]).toBe('2047/SNV-TCBC 15/QĐ-UBND');
    expect(cols[5]).toBe('Công văn V/v báo cáo tình hình vận hành chính quyền hai cấp Quyết định Về việc thành lập Tổ công tác chuyển đổi số');
    expect(cols[6]).toBe('Phòng Kinh tế - Hạ tầng và Đô thị; Phối hợp: Phòng Văn hóa - Xã hội');
    expect(cols[7]).toBe('07/07/2025');
    expect(cols[9]).toBe('Khẩn');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(flat).toContain('Từ ngày 05/07/2025 đến ngày 10/07/2025');
    expect(flat).toContain('Từ số 2 đến số 3');
    for (const s of ['2047/SNV-TCBC', '15/QĐ-UBND', '07/07/2025', '09/07/2025', 'Khẩn']) expect(text).toContain(s);
    expect(text).not.toContain(before.symbol as string);
    expect(text).not.toContain(after.symbol as string);
  });

  it('the tracking register shows the deadline and the progress of each document', async () => {
    const { users, departments } = w;
    at('2025-07-21T02:00:00Z');
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman }, {
      lead: { departmentId: departments.kt.id }, deadline: '2025-07-30',
    }, { symbol: '88/SXD-QLN', issuerName: 'Sở Xây dựng', documentDate: '2025-07-18', summary: 'V/v kiểm tra nhà ở' });
    const open = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman }, { lead: { departmentId: departments.vhxh.id }, deadline: '2025-07-25' },
      { symbol: '91/SYT-NV', issuerName: 'Sở Y tế', summary: 'V/v phòng chống dịch' });
    openIncomingId = open.id;
    const lead = doc.lines.find((l) => l.role === 'lead')!;
    at('2025-07-23T02:00:00Z');
    await t.http.post(`${DOCS}/${doc.id}/lines/${lead.id}/receive`).set(users.ktClerk.auth).send({}).expect(200);
    await t.http.post(`${DOCS}/${doc.id}/lines/${lead.id}/complete`).set(users.ktClerk.auth).send({ result: 'Đã kiểm tra' }).expect(200);

    const q: RegisterQuery = { organizationId: w.org.id, kind: 'incoming_tracking', from: '2025-07-21', to: '2025-07-21' };
    const rows = await collect(source.stream(q));
    expect(rows).toEqual([
      expect.objectContaining({ arrivalNumber: doc.arrivalNumber, documentDescription: 'Công văn số 88/SXD-QLN ngày 18/07/2025 của Sở Xây dựng',
        recipients: 'Phòng Kinh tế - Hạ tầng và Đô thị', deadline: new Date(Date.UTC(2025, 6, 30)), progress: 'Đã giải quyết ngày 23/07/2025' }),
      expect.objectContaining({ arrivalNumber: open.arrivalNumber, deadline: new Date(Date.UTC(2025, 6, 25)), progress: 'Đang giải quyết' }),
    ]);
    const { pdf, text } = await print(q, 'incoming-tracking');
    await expectHeadings(pdf, 2, 'incoming_tracking');
    expect(text.replace(/\s+/g, ' ')).toContain('SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN');
    for (const s of ['88/SXD-QLN', '30/07/2025', 'Đã giải quyết ngày', '23/07/2025', 'Đang giải quyết', '25/07/2025']) expect(text).toContain(s);
  });

  it('the outgoing register prints number and symbol, signer, recipients and the file copy of each issued document; the tracking register names the reply', async () => {
    const u = w.users;
    at('2025-08-04T03:00:00Z');
    const signed = await signedDocument(t, u.officeClerk, u.chiefOfOffice, u.chiefOfOffice, {
      documentType: 'THONG_BAO', departmentId: w.departments.office.id, summary: 'Thông báo lịch tiếp công dân tháng 8',
      recipients: [{ type: 'department', departmentId: w.departments.vhxh.id }, { type: 'external', name: 'Công an phường Tân Bình' }],
      replyToIncomingId: openIncomingId,
    } as Parameters<typeof signedDocument>[4], 'TL');
    const issued = await t.http.post(`${OUT}/${signed.id}/issue`).set(u.officeClerk.auth).send({}).expect(200);
    const q: RegisterQuery = { organizationId: w.org.id, kind: 'outgoing_register', from: '2025-08-01', to: '2025-08-31' };
    const rows = await collect(source.stream(q));
    expect(rows).toEqual([expect.objectContaining({
      symbol: issued.body.symbol, issuedDate: new Date(Date.UTC(2025, 7, 4)), typeAndSummary: 'Thông báo lịch tiếp công dân tháng 8',
      signerName: 'Lê Văn Chánh', recipients: 'Phòng Văn hóa - Xã hội; Công an phường Tân Bình', copies: 2,
      fileCopyHolder: 'Văn thư; Văn phòng HĐND và UBND', transferDate: new Date(Date.UTC(2025, 7, 4)),
    })]);
    const { pdf, text } = await print(q, 'outgoing-register');
    await expectHeadings(pdf, 2, 'outgoing_register');
    expect(text.replace(/\s+/g, ' ')).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(await columnTexts(pdf, 2)).toEqual([issued.body.symbol, '04/08/2025', 'Thông báo lịch tiếp công dân tháng 8', 'Lê Văn Chánh',
      'Phòng Văn hóa - Xã hội; Công an phường Tân Bình', 'Văn thư; Văn phòng HĐND và UBND', '2', '04/08/2025', '', '']);
    // The answered incoming document's tracking line names the reply.
    const tracking = await collect(source.stream({ organizationId: w.org.id, kind: 'incoming_tracking', from: '2025-07-21', to: '2025-07-21' }));
    expect(tracking.find((r) => r.replySymbol !== null)).toEqual(expect.objectContaining({ replySymbol: issued.body.symbol }));
  });

  it('a department register is printed apart from the agency register, and another organization\'s rows never appear', async () => {
    at('2025-09-02T02:00:00Z');
    const dept = await registerIncoming(t, w.users.ktClerk, { summary: 'V/v văn bản vào sổ của phòng' });
    const other = await createTanBinhWard(t);
    await registerIncoming(t, other.users.officeClerk, { summary: 'V/v văn bản của phường khác' });
    const period = { from: '2025-09-01', to: '2025-09-30' };
    const agency = await collect(source.stream({ organizationId: w.org.id, kind: 'incoming_register', ...period }));
    const kt = await collect(source.stream({ organizationId: w.org.id, kind: 'incoming_register', departmentId: w.departments.kt.id, ...period }));
    const byRegister = await collect(source.stream({ organizationId: w.org.id, kind: 'incoming_register', registerId: dept.registerId, ...period }));
    expect(agency).toEqual([]);
    expect(kt.map((r) => r.symbol)).toEqual([dept.symbol]);
    expect(byRegister.map((r) => r.symbol)).toEqual([dept.symbol]);
    const heading = await source.heading({ organizationId: w.org.id, kind: 'incoming_register', departmentId: w.departments.kt.id, ...period });
    expect(heading.registerName).toContain('Phòng Kinh tế - Hạ tầng và Đô thị');
  });

  it('a 1,000-row register streams in keyset pages and paginates with the headings on every page and no row split', async () => {
    const [reg] = await t.ds.query(`SELECT id FROM registers WHERE organization_id = $1 AND kind = 'incoming' AND department_id IS NULL AND NOT confidential AND year = 2025`, [w.org.id]);
    // Arrival days spread over October, several documents a day, long summaries on some rows.
    await t.ds.query(
      `INSERT INTO incoming_documents (organization_id, register_id, arrival_number, arrival_date, arrival_year, channel, issuer_name, symbol,
                                       document_type, document_date, summary, urgency, confidentiality, status)
       SELECT $1, $2, 1000 + g, DATE '2025-10-01' + (g / 40), 2025, 'paper', 'Ủy ban nhân dân Thành phố Hồ Chí Minh', g || '/UBND-VX',
              'CONG_VAN', DATE '2025-09-28', 'V/v triển khai công tác phòng, chống dịch bệnh (dòng ' || g || ')' || repeat(' nội dung bổ sung', g % 11),
              'normal', 'normal', 'registered'
         FROM generate_series(1, 1000) g`, [w.org.id, reg.id]);
    const q: RegisterQuery = { organizationId: w.org.id, kind: 'incoming_register', from: '2025-10-01', to: '2025-10-31' };
    expect(await source.count(q)).toBe(1000);
    const paged = await collect(source.stream(q, 97));
    expect(paged.map((r) => r.arrivalNumber)).toEqual(Array.from({ length: 1000 }, (_, i) => 1001 + i));

    const { pdf, pages } = await print(q, 'incoming-register-1000');
    expect(pages).toBeGreaterThan(20);
    const texts = await readPageText(pdf, Array.from({ length: pages }, (_, i) => i + 1));
    const pageOfRow = new Map<number, number>();
    for (let p = 2; p <= pages; p++) {
      const items = texts.get(p)!.items;
      const numbers = items.filter((it) => /^\(\d+\)$/.test(it.text));
      expect(numbers).toHaveLength(10);
      expect(items.some((it) => it.text === 'Ngày đến')).toBe(true);
      const headerBottom = Math.min(...numbers.map((it) => it.y));
      for (const it of items) {
        const m = /^(\d+)\/UBND-VX$/.exec(it.text);
        if (!m) continue;
        expect(it.y).toBeLessThan(headerBottom);
        expect(pageOfRow.has(Number(m[1]))).toBe(false);
        pageOfRow.set(Number(m[1]), p);
      }
      // The end of each summary (wrapped over several lines) is on the page of its row.
      for (const it of items) {
        const m = /\(dòng (\d+)\)/.exec(it.text);
        if (m) expect(pageOfRow.get(Number(m[1]))).toBe(p);
      }
      expect(items.some((it) => it.text === `Trang ${p - 1}/${pages - 1}`)).toBe(true);
    }
    expect(pageOfRow.size).toBe(1000);
  });
});
