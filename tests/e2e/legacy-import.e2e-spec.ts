import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { makePdf } from '../fixtures/pdf-fixtures';
import { makeZip } from '../fixtures/legacy/zip';
import { incomingBody, registerIncoming } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard, TestUser } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { fullWorklist } from '../support/worklist';

const API = '/api/v1';
const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/legacy', name));
const CLEAN = 'so-den-thanh-tri-2024.xlsx';
const MESSY = 'so-den-linh-nam-2024-lon-xon.xlsx';
const ERRORS = 'so-den-co-loi.xlsx';
const CSV = 'so-di-thanh-tri-2024.csv';

interface Preview {
  id: string; rows: number; valid: number; errorCount: number; status: string; registerName: string; alreadyImported: boolean;
  mapping: Record<string, string>; headerRows: number[]; errors: { row: number; column: string; message: string }[];
  scans: { matched: number; unmatched: string[] } | null; imported: number | null; skipped: number | null;
}

describe('legacy import: the registers of the merged units, handed over (issue 13 item 5)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    t.clock.set('2024-12-20T09:00:00+07:00');
  });
  afterAll(() => t.close());

  const upload = (user: TestUser, file: string | { name: string; data: Buffer }, fields: Record<string, string>, scans?: Buffer) => {
    const f = typeof file === 'string' ? { name: file, data: fixture(file) } : file;
    let req = t.http.post(`${API}/imports`).set(user.auth);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    req = req.attach('file', f.data, { filename: f.name });
    if (scans) req = req.attach('scans', scans, { filename: 'ban-quet.zip', contentType: 'application/zip' });
    return req;
  };
  const preview = async (user: TestUser, file: string, unit: string, extra: Record<string, string> = {}, scans?: Buffer) => {
    const res = await upload(user, file, { kind: 'incoming_register', sourceUnitName: unit, year: '2024', ...extra }, scans);
    if (res.status !== 201) throw new Error(`preview: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Preview;
  };
  const legacyCount = async (orgId: string) =>
    ((await t.ds.query(`SELECT count(*)::int AS n FROM incoming_documents WHERE organization_id = $1 AND legacy`, [orgId])) as { n: number }[])[0].n;
  const search = async (user: TestUser, q: string, base = 'incoming-documents') =>
    (await t.http.get(`${API}/${base}?q=${encodeURIComponent(q)}&pageSize=100`).set(user.auth).expect(200)).body as { items: Record<string, unknown>[]; total: number };

  it('imports a clean register fully into a legacy register named after the old unit, original numbers kept, outside the gapless series', async () => {
    const p = await preview(w.users.officeClerk, CLEAN, 'Phường Thanh Trì');
    expect(p).toMatchObject({ rows: 40, valid: 40, errorCount: 0, status: 'previewed', registerName: 'Sổ văn bản đến — Phường Thanh Trì (cũ)' });
    expect(p.mapping).toMatchObject({ arrivalDate: 'A', arrivalNumber: 'B', issuerName: 'C', symbol: 'D', documentDate: 'E', summary: 'F' });
    expect(await legacyCount(w.org.id)).toBe(0); // the dry run wrote no document

    const done = await t.http.post(`${API}/imports/${p.id}/commit`).set(w.users.officeClerk.auth).send({}).expect(200);
    expect(done.body).toMatchObject({ imported: 40, skipped: 0, registerName: 'Sổ văn bản đến — Phường Thanh Trì (cũ)' });
    const docs = (await t.ds.query(
      `SELECT arrival_number, to_char(arrival_date, 'YYYY-MM-DD') AS arrival_date, status, legacy, register_id FROM incoming_documents
        WHERE organization_id = $1 AND legacy ORDER BY arrival_number`, [w.org.id])) as { arrival_number: number; arrival_date: string; status: string; register_id: string }[];
    expect(docs.map((d) => d.arrival_number)).toEqual(Array.from({ length: 40 }, (_, i) => 1501 + i));
    expect(docs[0]).toMatchObject({ arrival_date: '2024-10-01', status: 'completed' });
    expect(new Set(docs.map((d) => d.register_id))).toEqual(new Set([done.body.registerId]));
    const registers = (await t.http.get(`${API}/registers?kind=incoming&year=2024`).set(w.users.officeClerk.auth).expect(200)).body.items as Record<string, unknown>[];
    expect(registers.find((r) => r.id === done.body.registerId)).toMatchObject({ legacy: true, isDefault: false, lastNumber: 0 });

    // The agency's own 2024 register still starts at 1: the old numbers did not move its counter.
    const fresh = await registerIncoming(t, w.users.officeClerk, { documentDate: '2024-12-18' });
    expect(fresh.arrivalNumber).toBe(1);
    // And nobody can register a new document into the old unit's register.
    const refused = await t.http.post(`${API}/incoming-documents`).set(w.users.officeClerk.auth)
      .send({ ...incomingBody({ documentDate: '2024-12-18' }), registerId: done.body.registerId });
    expect(refused.status).toBe(422);
  });

  it('puts the imported documents in nobody\'s worklist: they are history, completed', async () => {
    const legacyIds = new Set(((await t.ds.query(`SELECT id FROM incoming_documents WHERE organization_id = $1 AND legacy`, [w.org.id])) as { id: string }[]).map((r) => r.id));
    expect(legacyIds.size).toBe(40);
    for (const user of [w.users.officeClerk, w.users.chairman, w.users.chiefOfOffice, w.users.admin]) {
      const items = await fullWorklist(t, user);
      expect(items.filter((i) => legacyIds.has(i.id))).toEqual([]);
    }
  });

  it('finds legacy documents with q beside new ones: "so den 1532", "1532 thanh tri", by summary without diacritics', async () => {
    const byNumber = await search(w.users.officeClerk, 'so den 1532');
    expect(byNumber.items.map((d) => [d.arrivalNumber, d.legacy, d.symbol])).toEqual([[1532, true, '2187/TNMT-ĐĐ']]);
    expect((await search(w.users.officeClerk, '1532 thanh tri')).items.map((d) => d.arrivalNumber)).toEqual([1532]);
    expect((await search(w.users.chairman, 'Số đến 1532 Phường Thanh Trì')).total).toBe(1);
    const fresh = await registerIncoming(t, w.users.officeClerk, { documentDate: '2024-12-19', summary: 'V/v cập nhật hồ sơ địa chính sau sắp xếp' });
    const both = await search(w.users.officeClerk, 'ho so dia chinh');
    expect(both.items.map((d) => d.id)).toContain(fresh.id);
    expect(both.items.some((d) => d.legacy === true && d.arrivalNumber === 1532)).toBe(true);
    const one = (await t.http.get(`${API}/incoming-documents/${byNumber.items[0].id}`).set(w.users.officeClerk.auth).expect(200)).body;
    expect(one).toMatchObject({ legacy: true, legacyLabel: 'Số đến 1532 — Phường Thanh Trì (cũ) năm 2024', status: 'completed' });
    expect(one.lines).toEqual([]);
  });

  it('imports the same file once: a second upload says so and its commit adds nothing, a repeated commit neither', async () => {
    const again = await preview(w.users.admin, CLEAN, 'Phường Thanh Trì');
    expect(again.alreadyImported).toBe(true);
    const second = await t.http.post(`${API}/imports/${again.id}/commit`).set(w.users.admin.auth).send({}).expect(200);
    expect(second.body).toMatchObject({ imported: 0, skipped: 40 });
    const third = await t.http.post(`${API}/imports/${again.id}/commit`).set(w.users.admin.auth).send({}).expect(200);
    expect(third.body).toMatchObject({ imported: 0, skipped: 40 });
    expect(await legacyCount(w.org.id)).toBe(40);
  });

  it('maps a messy register (titles, two header rows over merged cells, numbering row, blank rows) and reads dates typed as text', async () => {
    const res = await upload(w.users.officeClerk, MESSY, { kind: 'incoming_register', sourceUnitName: 'Phường Lĩnh Nam', year: '2024', dryRun: 'false' }).expect(201);
    const p = res.body as Preview;
    expect(p.headerRows).toEqual([5, 6]);
    expect(p.mapping).toMatchObject({ arrivalNumber: 'A', arrivalDate: 'B', issuerName: 'C', symbol: 'D', documentDate: 'E', summary: 'F', recipient: 'G', note: 'H' });
    expect(p).toMatchObject({ rows: 25, valid: 25, errorCount: 0, status: 'committed', imported: 25, skipped: 0 });
    const rows = (await t.ds.query(
      `SELECT arrival_number, to_char(arrival_date, 'YYYY-MM-DD') AS a, to_char(document_date, 'YYYY-MM-DD') AS d FROM incoming_documents
        WHERE organization_id = $1 AND legacy AND legacy_label LIKE '%Lĩnh Nam%' ORDER BY arrival_number LIMIT 4`, [w.org.id])) as { arrival_number: number; a: string; d: string }[];
    // 05/3/2024, 6-3-2024 (typed as text) and a real Excel date: all the same calendar days.
    expect(rows.map((r) => [r.arrival_number, r.a])).toEqual([[301, '2024-03-05'], [302, '2024-03-06'], [303, '2024-03-08'], [304, '2024-03-09']]);
    expect((await search(w.users.officeClerk, 'so den 301 linh nam')).total).toBe(1);
  });

  it('lists every wrong row of a file with errors on the dry run, imports nothing, and refuses the commit unless the errors are skipped', async () => {
    const before = await legacyCount(w.org.id);
    const p = await preview(w.users.officeClerk, ERRORS, 'Phường Thanh Trì');
    expect(p).toMatchObject({ rows: 8, valid: 5, errorCount: 3 });
    expect(p.errors).toEqual([
      { row: 4, column: 'Số đến (cột B)', message: 'Thiếu số đến.' },
      { row: 6, column: 'Ngày đến (cột A)', message: expect.stringContaining('"31/02/2024" không phải ngày hợp lệ') },
      { row: 8, column: 'Số đến (cột B)', message: 'Số đến 1602 trùng với dòng 3.' },
    ]);
    expect(await legacyCount(w.org.id)).toBe(before);
    const refused = await t.http.post(`${API}/imports/${p.id}/commit`).set(w.users.officeClerk.auth).send({}).expect(422);
    expect(refused.body.error.message).toContain('3 lỗi');
    expect(refused.body.error.details).toHaveLength(3);
    expect(await legacyCount(w.org.id)).toBe(before);
    const skipped = await t.http.post(`${API}/imports/${p.id}/commit`).set(w.users.officeClerk.auth).send({ skipInvalid: true }).expect(200);
    expect(skipped.body).toMatchObject({ imported: 5, skipped: 3 });
  });

  it('imports an outgoing register exported as CSV (UTF-8 with BOM): issued, numbers and symbols kept, searchable', async () => {
    const res = await upload(w.users.officeClerk, CSV, { kind: 'outgoing_register', sourceUnitName: 'Phường Thanh Trì', year: '2024' }).expect(201);
    expect(res.body).toMatchObject({ rows: 20, valid: 20, errorCount: 0, registerName: 'Sổ văn bản đi — Phường Thanh Trì (cũ)' });
    await t.http.post(`${API}/imports/${res.body.id}/commit`).set(w.users.officeClerk.auth).send({}).expect(200).expect((r) => expect(r.body.imported).toBe(20));
    const found = await search(w.users.officeClerk, 'van ban di so 13 thanh tri', 'outgoing-documents');
    expect(found.items.map((d) => [d.number, d.symbol, d.status, d.legacy, d.issuedDate])).toEqual([[13, '13/KH-UBND', 'issued', true, '2024-04-25']]);
    expect((await search(w.users.officeClerk, '04/TB-UBND', 'outgoing-documents')).items.map((d) => d.issuedDate)).toEqual(['2024-02-04']);
  });

  it('keeps the old units\' documents out of this ward\'s statistics', async () => {
    const summary = (await t.http.get(`${API}/reports/summary?from=2024-01-01&to=2024-12-31`).set(w.users.chairman.auth).expect(200)).body;
    const own = ((await t.ds.query(`SELECT count(*)::int AS n FROM incoming_documents WHERE organization_id = $1 AND NOT legacy`, [w.org.id])) as { n: number }[])[0].n;
    expect(own).toBe(2);
    expect(summary.incoming.received).toBe(own);
    expect(summary.outgoing.issued).toBe(0);
  });

  it('attaches scanned PDFs from a ZIP by file name and lists the ones it could not place', async () => {
    const other = await createTanBinhWard(t);
    const scan1532 = await makePdf(2);
    const zip = makeZip([
      { name: 'ban-quet/1532.pdf', data: scan1532 },
      { name: 'SoDen-2024-1501.pdf', data: await makePdf(1) },
      { name: 'khong-ro-9999.pdf', data: await makePdf(1) },
      { name: 'ghi-chu.txt', data: Buffer.from('danh sách bản quét') },
    ]);
    const p = await preview(other.users.officeClerk, CLEAN, 'Phường Thanh Trì', {}, zip);
    expect(p.scans).toEqual({ matched: 2, unmatched: ['khong-ro-9999.pdf', 'ghi-chu.txt (không phải PDF)'] });
    await t.http.post(`${API}/imports/${p.id}/commit`).set(other.users.officeClerk.auth).send({}).expect(200);
    const doc = (await search(other.users.officeClerk, 'so den 1532')).items[0];
    expect(doc).toMatchObject({ pageCount: 2 });
    const file = await t.http.get(`${API}/incoming-documents/${doc.id}/file`).set(other.users.officeClerk.auth).buffer(true)
      .parse((r, cb) => { const c: Buffer[] = []; r.on('data', (x: Buffer) => c.push(x)); r.on('end', () => cb(null, Buffer.concat(c))); }).expect(200);
    expect(Buffer.compare(file.body as Buffer, scan1532)).toBe(0);
  });

  it('refuses unsafe ZIPs and non-PDF scans with a Vietnamese message and stores nothing', async () => {
    const count = async () => ((await t.ds.query(`SELECT count(*)::int AS n FROM legacy_imports WHERE organization_id = $1`, [w.org.id])) as { n: number }[])[0].n;
    const before = await count();
    const traversal = makeZip([{ name: '../../etc/1501.pdf', data: await makePdf(1) }]);
    const r1 = await upload(w.users.officeClerk, CLEAN, { kind: 'incoming_register', sourceUnitName: 'Phường X', year: '2024' }, traversal).expect(422);
    expect(r1.body.error.message).toContain('đường dẫn không hợp lệ');
    const bomb = makeZip([{ name: '1501.pdf', data: Buffer.alloc(15 * 1024 * 1024), deflate: true }]);
    expect(deflateRawSync(Buffer.alloc(1024)).length).toBeLessThan(64);
    const r2 = await upload(w.users.officeClerk, CLEAN, { kind: 'incoming_register', sourceUnitName: 'Phường X', year: '2024' }, bomb).expect(422);
    expect(r2.body.error.message).toContain('bom nén');
    const fake = makeZip([{ name: '1501.pdf', data: Buffer.from('không phải PDF, chỉ là chữ') }]);
    const r3 = await upload(w.users.officeClerk, CLEAN, { kind: 'incoming_register', sourceUnitName: 'Phường X', year: '2024' }, fake).expect(415);
    expect(r3.body.error.message).toContain('Bản quét "1501.pdf"');
    const notZip = await upload(w.users.officeClerk, CLEAN, { kind: 'incoming_register', sourceUnitName: 'Phường X', year: '2024' }, Buffer.from('xin chào')).expect(422);
    expect(notZip.body.error.message).toContain('ZIP');
    expect(await count()).toBe(before);
  });

  it('refuses files that are not registers with a 4xx in Vietnamese', async () => {
    const fields = { kind: 'incoming_register', sourceUnitName: 'Phường X', year: '2024' };
    const pdf = await upload(w.users.officeClerk, { name: 'so.pdf', data: await makePdf(1) }, fields).expect(415);
    expect(pdf.body.error.message).toContain('.xlsx');
    const xls = await upload(w.users.officeClerk, { name: 'so.xls', data: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]) }, fields).expect(415);
    expect(xls.body.error.message).toContain('97–2003');
    const latin = await upload(w.users.officeClerk, { name: 'so.csv', data: Buffer.from([0x53, 0xe9, 0x20, 0x64, 0xe9, 0x6e, 0x0a]) }, fields).expect(422);
    expect(latin.body.error.message).toContain('UTF-8');
    const broken = await upload(w.users.officeClerk, { name: 'so.xlsx', data: Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]) }, fields).expect(422);
    expect(broken.body.error.code).toBe('FILE_UNREADABLE');
    // An XLSX that unpacks to far more than it weighs: declared honestly (refused from its directory), or lying about
    // its size (refused while counting the inflated bytes, before exceljs would inflate it).
    const workbook = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };
    const honest = makeZip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024), deflate: true, declaredSize: 300 * 1024 * 1024 }]);
    const bigXlsx = await upload(w.users.officeClerk, { name: 'so.xlsx', data: honest }, fields).expect(422);
    expect(bigXlsx.body.error.message).toContain('bung ra quá lớn');
    const lying = makeZip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024), deflate: true, declaredSize: 1000 }]);
    const lyingXlsx = await upload(w.users.officeClerk, { name: 'so.xlsx', data: lying }, fields).expect(422);
    expect(lyingXlsx.body.error.code).toBe('FILE_UNREADABLE');
    await t.http.post(`${API}/imports`).set(w.users.officeClerk.auth).send(fields).expect(415);
    const badYear = await upload(w.users.officeClerk, CLEAN, { ...fields, year: 'năm ngoái' }).expect(400);
    expect(badYear.body.error.code).toBe('VALIDATION_FAILED');
    const badMapping = await upload(w.users.officeClerk, CLEAN, { ...fields, mapping: JSON.stringify({ arrivalNumber: 'Không có cột này' }) }).expect(400);
    expect(badMapping.body.error.details[0].message).toContain('Không tìm thấy cột');
  });

  it('answers 404 for another organization\'s import and 403 to a user who may not import', async () => {
    const other = await createTanBinhWard(t);
    const theirs = await preview(other.users.officeClerk, ERRORS, 'Phường Khác');
    await t.http.get(`${API}/imports/${theirs.id}`).set(w.users.admin.auth).expect(404);
    await t.http.post(`${API}/imports/${theirs.id}/commit`).set(w.users.officeClerk.auth).send({ skipInvalid: true }).expect(404);
    await upload(w.users.ktSpecialist, CLEAN, { kind: 'incoming_register', sourceUnitName: 'Phường X', year: '2024' }).expect(403);
    const mine = await preview(w.users.officeClerk, ERRORS, 'Phường Y');
    await t.http.post(`${API}/imports/${mine.id}/commit`).set(w.users.ktSpecialist.auth).send({ skipInvalid: true }).expect(403);
    await t.http.get(`${API}/imports/${mine.id}`).set(w.users.admin.auth).expect(200);
  });
});
