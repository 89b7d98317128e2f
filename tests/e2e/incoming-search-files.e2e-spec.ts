import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTestPdf } from '../../src/modules/files/pdf/pdf-test-support';
import { directedIncoming, incomingBody, registerIncoming } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const run = promisify(execFile);

async function pdftotext(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-incoming-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return (await run('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'])).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const binary = (res: { on: (e: string, cb: (c?: Buffer) => void) => void } & { setEncoding?: unknown }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('incoming documents: search without diacritics, files and the ĐẾN stamp', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    t.clock.set('2025-07-07T09:00:00+07:00');
  });
  afterAll(() => t.close());

  const search = async (q: string, extra = '') =>
    (await t.http.get(`/api/v1/incoming-documents?q=${encodeURIComponent(q)}${extra}`).set(w.users.officeClerk.auth).expect(200)).body;

  it('finds documents by summary, symbol and issuer regardless of case and diacritics, đ/Đ included; all words must match', async () => {
    const giaoDat = await registerIncoming(t, w.users.officeClerk, { summary: 'Quyết định giao đất cho hộ gia đình ông Lê Văn Đông', documentType: 'QUYET_DINH' });
    const datDai = await registerIncoming(t, w.users.officeClerk, { summary: 'Báo cáo tình hình quản lý ĐẤT ĐAI quý II', issuerName: 'Phòng Tài nguyên và Môi trường' });
    const other = await registerIncoming(t, w.users.officeClerk, { summary: 'Giấy mời họp giao ban', symbol: '77/GM-UBND', issuerName: 'UBND Quận Tân Bình' });
    const ids = (body: { items: { id: string }[] }) => body.items.map((d) => d.id);

    expect(ids(await search('quyet dinh giao dat'))).toEqual([giaoDat.id]);
    expect(ids(await search('QUYẾT ĐỊNH'))).toEqual([giaoDat.id]);
    expect(ids(await search('dat dai'))).toEqual([datDai.id]);
    expect(ids(await search('đất đai'))).toEqual([datDai.id]);
    expect(ids(await search('dong'))).toEqual([giaoDat.id]);
    expect(ids(await search('giao')).sort()).toEqual([giaoDat.id, other.id].sort());
    expect(ids(await search('giao ban'))).toEqual([other.id]);
    expect(ids(await search('77/gm'))).toEqual([other.id]);
    expect(ids(await search('tai nguyen moi truong'))).toEqual([datDai.id]);
    expect(ids(await search('quan tan binh giao ban'))).toEqual([other.id]);
    expect(ids(await search('quyet dinh hop'))).toEqual([]);
  });

  it("treats ' OR 1=1-- and LIKE wildcards as plain text", async () => {
    await registerIncoming(t, w.users.officeClerk, { summary: 'Văn bản bình thường' });
    expect((await search("' OR 1=1--")).items).toEqual([]);
    expect((await search('%')).items).toEqual([]);
    expect((await search('_')).items).toEqual([]);
    const injected = await registerIncoming(t, w.users.officeClerk, { summary: "Trích yếu có ' OR 1=1-- bên trong" });
    expect((await search("' OR 1=1--")).items.map((d: { id: string }) => d.id)).toEqual([injected.id]);
  });

  it('filters by register, status, urgency and arrival dates, newest arrival first, paginated', async () => {
    const ward = await createTanBinhWard(t);
    const docs = [];
    for (const [day, urgency] of [['2025-08-01', 'normal'], ['2025-08-02', 'flash'], ['2025-08-03', 'normal']] as const) {
      t.clock.set(`${day}T10:00:00+07:00`);
      docs.push(await registerIncoming(t, ward.users.officeClerk, { urgency }));
    }
    const list = async (qs: string) =>
      (await t.http.get(`/api/v1/incoming-documents?${qs}`).set(ward.users.officeClerk.auth).expect(200)).body;
    expect((await list('')).items.map((d: { arrivalNumber: number }) => d.arrivalNumber)).toEqual([3, 2, 1]);
    expect((await list('urgency=flash')).items.map((d: { id: string }) => d.id)).toEqual([docs[1].id]);
    expect((await list('from=2025-08-02&to=2025-08-02')).items.map((d: { id: string }) => d.id)).toEqual([docs[1].id]);
    expect((await list(`registerId=${docs[0].registerId}&status=registered`)).total).toBe(3);
    expect((await list('status=completed')).total).toBe(0);
    const page2 = await list('page=2&pageSize=2');
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((d: { arrivalNumber: number }) => d.arrivalNumber)).toEqual([1]);
    await t.http.get('/api/v1/incoming-documents?pageSize=101').set(ward.users.officeClerk.auth).expect(400);
    t.clock.set('2025-07-07T09:00:00+07:00');
  });

  it('multipart registration keeps the original byte for byte and the stamped rendition shows ĐẾN, the number, the date and Chuyển', async () => {
    const pdf = await makeTestPdf(2);
    const res = await t.http.post('/api/v1/incoming-documents').set(w.users.officeClerk.auth)
      .field('data', JSON.stringify(incomingBody({ summary: 'Công văn có tệp đính kèm' })))
      .attach('file', pdf, { filename: '../../etc/passwd Công văn số 1.pdf', contentType: 'application/pdf' }).expect(201);
    expect(res.body).toMatchObject({ pageCount: 2, status: 'registered' });
    expect(res.body.fileId).toEqual(expect.any(String));
    const original = await t.http.get(`/api/v1/incoming-documents/${res.body.id}/file`).set(w.users.officeClerk.auth)
      .buffer(true).parse(binary as never).expect(200);
    expect(Buffer.compare(original.body as Buffer, pdf)).toBe(0);
    expect(original.headers['content-type']).toBe('application/pdf');

    const stamped = await t.http.get(`/api/v1/incoming-documents/${res.body.id}/file?stamped=true`).set(w.users.officeClerk.auth)
      .buffer(true).parse(binary as never).expect(200);
    const text = await pdftotext(stamped.body as Buffer);
    expect(text).toContain('ĐẾN');
    expect(text).toMatch(new RegExp(`Số:\\s*${res.body.arrivalNumber}\\b`));
    expect(text).toContain('07/07/2025');
    expect(text).toContain(w.org.name.toLocaleUpperCase('vi-VN').split(' ')[0]);

    // Once directed, the rendition is rebuilt with "Chuyển:" naming the lead unit; the original is untouched.
    await t.http.post(`/api/v1/incoming-documents/${res.body.id}/submit`).set(w.users.officeClerk.auth).send({ leaderId: w.users.chairman.id }).expect(200);
    await t.http.post(`/api/v1/incoming-documents/${res.body.id}/direct`).set(w.users.chairman.auth)
      .send({ lead: { departmentId: w.departments.kt.id }, instruction: 'Giao Phòng Kinh tế.' }).expect(200);
    const restamped = await t.http.get(`/api/v1/incoming-documents/${res.body.id}/file?stamped=true`).set(w.users.officeClerk.auth)
      .buffer(true).parse(binary as never).expect(200);
    expect((await pdftotext(restamped.body as Buffer)).replace(/\s+/g, ' ')).toMatch(/Chuyển: Phòng Kinh tế/);
    const again = await t.http.get(`/api/v1/incoming-documents/${res.body.id}/file`).set(w.users.officeClerk.auth)
      .buffer(true).parse(binary as never).expect(200);
    expect(Buffer.compare(again.body as Buffer, pdf)).toBe(0);
  });

  it('uploads through registration: an executable named .pdf → 415, a truncated PDF refused, 21 MB → 413; nothing registered', async () => {
    const ward = await createTanBinhWard(t);
    const data = JSON.stringify(incomingBody());
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096, 1)]);
    const exe = await t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth)
      .field('data', data).attach('file', elf, { filename: 'congvan.pdf', contentType: 'application/pdf' }).expect(415);
    expect(exe.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const pdf = await makeTestPdf(2);
    const truncated = await t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth)
      .field('data', data).attach('file', pdf.subarray(0, Math.floor(pdf.length / 2)), 'cut.pdf');
    expect([415, 422]).toContain(truncated.status);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024, 0x20)]);
    const tooBig = await t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth)
      .field('data', data).attach('file', big, 'big.pdf').catch((e: { response?: { status: number; body: unknown } }) => e.response);
    expect(tooBig?.status).toBe(413);
    const list = await t.http.get('/api/v1/incoming-documents').set(ward.users.officeClerk.auth).expect(200);
    expect(list.body.total).toBe(0);
    // Form fields (not a data part) work too, with typed values converted.
    const fields = incomingBody({ pageCount: 9 });
    let req = t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, String(v));
    const ok = await req.attach('file', pdf, 'cv.pdf').expect(201);
    expect(ok.body).toMatchObject({ arrivalNumber: 1, pageCount: 9 });
    // JSON registration naming an uploaded file.
    const uploaded = await t.http.post('/api/v1/files').set(ward.users.officeClerk.auth).attach('file', pdf, 'cv2.pdf').expect(201);
    const viaId = await t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth).send(incomingBody({ fileId: uploaded.body.id })).expect(201);
    expect(viaId.body).toMatchObject({ fileId: uploaded.body.id, pageCount: 2, arrivalNumber: 2 });
  });

  it('a document without a file answers 404 on /file; a handler sees only what they hold', async () => {
    const doc = await registerIncoming(t, w.users.officeClerk, { channel: 'paper' });
    const res = await t.http.get(`/api/v1/incoming-documents/${doc.id}/file`).set(w.users.officeClerk.auth).expect(404);
    expect(res.body.error.message).toMatch(/không có tệp/);
    const directed = await directedIncoming(t, { clerk: w.users.officeClerk, leader: w.users.chairman }, { lead: { userId: w.users.vhxhSpecialist.id } });
    await t.http.get(`/api/v1/incoming-documents/${directed.id}`).set(w.users.vhxhSpecialist.auth).expect(200);
    await t.http.get(`/api/v1/incoming-documents/${doc.id}`).set(w.users.vhxhSpecialist.auth).expect(404);
  });
});
