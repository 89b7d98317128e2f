import { readFileSync } from 'node:fs';
import path from 'node:path';
import { drawnAndPrinted, expectNothingOverText, makeTestPdf, pdfsig, pdftotext, saveArtifactPng } from '../../src/modules/files/pdf/pdf-test-support';
import { incomingBody } from '../factories/incoming.factory';
import { downloadPdf } from '../factories/outgoing.factory';
import { withSigningWard } from '../factories/signing-ward.factory';
import type { TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { binaryBody } from '../support/binary-body';

const OUT = '/api/v1/outgoing-documents';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const fixture = readFileSync(path.resolve(__dirname, '../fixtures/du-thao-thong-bao.docx'));
/** The same notice with its own signature block printed beside "Nơi nhận" (TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG … Lê Văn Chánh). */
const withOwnBlock = readFileSync(path.resolve(__dirname, '../fixtures/du-thao-co-khoi-ky.docx'));
/** The fixture with its word/document.xml entry renamed (same length): a valid ZIP that is not a Word document. */
const fakeDocx = Buffer.from(fixture.toString('latin1').replaceAll('word/document.xml', 'word/documenx.xml'), 'latin1');

/** A minimal stored (uncompressed) ZIP, for a Word file LibreOffice cannot load. */
function storedZip(entries: Record<string, string>): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer) => (b.reduce((c, x) => crcTable[(c ^ x) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(centrals.length / 2, 8); end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe('Word (.docx) drafts over HTTP: converted by LibreOffice, the original kept byte for byte', () => {
  let t: TestApp;
  let w: TanBinhWard;
  withSigningWard((app, ward) => ((t = app), (w = ward)));

  const draftData = () => JSON.stringify({ documentType: 'THONG_BAO', summary: 'Thông báo lịch tiếp công dân', departmentId: w.departments.office.id, signerId: w.users.chiefOfOffice.id });
  const counts = async () => {
    const [r] = await t.ds.query(
      `SELECT (SELECT count(*) FROM files WHERE organization_id = $1)::int AS files,
              (SELECT count(*) FROM outgoing_documents WHERE organization_id = $1)::int AS docs,
              (SELECT count(*) FROM outgoing_document_files WHERE organization_id = $1)::int AS versions`, [w.org.id]);
    return r as { files: number; docs: number; versions: number };
  };

  it('a .docx draft converts, issues with its number after "Số:" and two valid signatures, and its original downloads unchanged', async () => {
    const created = await t.http.post(OUT).set(w.users.officeClerk.auth).field('data', draftData())
      .attach('file', fixture, { filename: 'du-thao-thong-bao.docx', contentType: 'application/octet-stream' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const [v1] = created.body.versions;
    expect(v1).toMatchObject({ version: 1, fileName: 'du-thao-thong-bao.pdf', sourceFileName: 'du-thao-thong-bao.docx' });
    expect(v1.sourceFileId).toEqual(expect.any(String));
    expect(created.body.draftFileId).toBe(v1.fileId);

    const original = await t.http.get(`${OUT}/${id}/source-file`).set(w.users.officeClerk.auth).buffer(true).parse(binaryBody).expect(200);
    expect(original.headers['content-type']).toBe(DOCX_TYPE);
    expect(Buffer.compare(original.body as Buffer, fixture)).toBe(0);

    const draft = await downloadPdf(t, w.users.officeClerk, id);
    await t.http.post(`${OUT}/${id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }).expect(200);
    await t.http.post(`${OUT}/${id}/approve`).set(w.users.chiefOfOffice.auth).send({}).expect(200);
    await t.http.post(`${OUT}/${id}/sign`).set(w.users.chiefOfOffice.auth).send({ authority: 'TL' }).expect(200);
    const issued = await t.http.post(`${OUT}/${id}/issue`).set(w.users.officeClerk.auth).send({}).expect(200);
    expect(issued.body.symbol).toBe('01/TB-UBND');
    const pdf = await downloadPdf(t, w.users.officeClerk, id);
    await saveArtifactPng(pdf, 'docx-draft-issued-page1', 1, 70);
    // Phụ lục I: the signer's block on the right at the height of "Nơi nhận"; nothing drawn (words, signature, seal) over printed text.
    const { drawn, printed } = await drawnAndPrinted(draft, pdf, 1);
    const recipients = printed.find((b) => b.text === 'Nơi') as { yMin: number };
    const blockTop = drawn.find((b) => b.text === 'TL.') as { yMin: number };
    expect(Math.abs(blockTop.yMin - recipients.yMin)).toBeLessThan(6); // points
    expect(drawn.filter((b) => b.text.startsWith('image#')).length).toBeGreaterThanOrEqual(1);
    expectNothingOverText(drawn, printed);
    const text = await pdftotext(pdf, undefined, { layout: true });
    expect(text).toMatch(/Số:\s+01 ?\/TB-UBND/);
    expect(text).toMatch(/ngày\s+07\s+tháng\s+7\s+năm 2025/);
    expect(text).toContain('TL. CHỦ TỊCH');
    expect((await pdfsig(pdf)).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);

    // The original is still there after issue, byte for byte.
    const after = await t.http.get(`${OUT}/${id}/source-file?version=1`).set(w.users.officeClerk.auth).buffer(true).parse(binaryBody).expect(200);
    expect(Buffer.compare(after.body as Buffer, fixture)).toBe(0);
  }, 240_000);

  it('a .docx that prints its own signature block is signed in the gap between "CHÁNH VĂN PHÒNG" and the name: no second block, nothing over its text', async () => {
    const created = await t.http.post(OUT).set(w.users.officeClerk.auth).field('data', draftData())
      .attach('file', withOwnBlock, { filename: 'du-thao-co-khoi-ky.docx', contentType: DOCX_TYPE }).expect(201);
    const id = created.body.id as string;
    const draft = await downloadPdf(t, w.users.officeClerk, id);
    await t.http.post(`${OUT}/${id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }).expect(200);
    await t.http.post(`${OUT}/${id}/approve`).set(w.users.chiefOfOffice.auth).send({}).expect(200);
    await t.http.post(`${OUT}/${id}/sign`).set(w.users.chiefOfOffice.auth).send({ authority: 'TL' }).expect(200);
    await t.http.post(`${OUT}/${id}/issue`).set(w.users.officeClerk.auth).send({}).expect(200);
    const pdf = await downloadPdf(t, w.users.officeClerk, id);
    await saveArtifactPng(pdf, 'docx-own-block-issued-page1', 1, 70);
    const text = await pdftotext(pdf, 1, { layout: true });
    expect(text.match(/TL\. CHỦ TỊCH/g)).toHaveLength(1);
    expect(text.match(/CHÁNH VĂN PHÒNG/g)).toHaveLength(1);
    expect(text).toMatch(/Số:\s+\d\d ?\/TB-UBND/);
    expect((await pdfsig(pdf)).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    const { drawn, printed } = await drawnAndPrinted(draft, pdf, 1);
    const position = printed.find((b) => b.text === 'PHÒNG' && b.xMin > 250) as { yMax: number };
    const name = printed.find((b) => b.text === 'Chánh' && b.yMin > position.yMax) as { yMin: number };
    const images = drawn.filter((b) => b.text.startsWith('image#'));
    expect(images.length).toBeGreaterThanOrEqual(1);
    for (const image of images) {
      expect(image.yMin).toBeGreaterThanOrEqual(position.yMax);
      expect(image.yMax).toBeLessThanOrEqual(name.yMin);
    }
    expectNothingOverText(drawn, printed);
  }, 240_000);

  it('the event loop stays free while LibreOffice converts: /health/live keeps answering within 1 s (a blocking conversion takes seconds)', async () => {
    let done = false;
    const started = Date.now();
    const upload = t.http.post(OUT).set(w.users.officeClerk.auth).field('data', draftData())
      .attach('file', fixture, { filename: 'song-song.docx', contentType: DOCX_TYPE })
      .then((r) => r, (e: unknown) => e)
      .finally(() => { done = true; });
    const latencies: number[] = [];
    while (!done && Date.now() - started < 120_000) {
      const t0 = Date.now();
      await t.http.get('/api/v1/health/live').expect(200);
      latencies.push(Date.now() - t0);
    }
    const res = (await upload) as { status: number };
    expect(res.status).toBe(201);
    const elapsed = Date.now() - started;
    console.log(`docx upload+conversion ${elapsed} ms; ${latencies.length} health probes, max ${Math.max(...latencies)} ms`);
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  }, 240_000);

  it('a .docx as a new draft version keeps the PDF version before it; that PDF version has no Word original (404)', async () => {
    const created = await t.http.post(OUT).set(w.users.officeClerk.auth).field('data', draftData())
      .attach('file', await makeTestPdf(1), { filename: 'ban-dau.pdf', contentType: 'application/pdf' }).expect(201);
    const id = created.body.id as string;
    const added = await t.http.post(`${OUT}/${id}/files`).set(w.users.officeClerk.auth)
      .attach('file', fixture, { filename: 'sua-lan-2.docx', contentType: DOCX_TYPE }).expect(200);
    expect(added.body.draftVersion).toBe(2);
    expect(added.body.versions.map((v: { sourceFileName: string | null }) => v.sourceFileName)).toEqual([null, 'sua-lan-2.docx']);
    const v1 = await t.http.get(`${OUT}/${id}/source-file?version=1`).set(w.users.officeClerk.auth).expect(404);
    expect(v1.body.error.message).toMatch(/Word/);
    const preview = await t.http.get(`${OUT}/${id}/preview`).set(w.users.officeClerk.auth).buffer(true).parse(binaryBody).expect(200);
    expect(await pdftotext(preview.body as Buffer, 1, { layout: true })).toMatch(/Số:\s+… ?\/TB-UBND/);
  }, 240_000);

  it('a ZIP without word/document.xml → 422 in Vietnamese, and nothing is stored', async () => {
    const before = await counts();
    const res = await t.http.post(OUT).set(w.users.officeClerk.auth).field('data', draftData())
      .attach('file', fakeDocx, { filename: 'gia.docx', contentType: DOCX_TYPE }).expect(422);
    expect(res.body.error.code).toBe('FILE_UNREADABLE');
    expect(res.body.error.message).toMatch(/Tệp Word \(\.docx\) bị hỏng/);
    expect(await counts()).toEqual(before);
  });

  it('a .docx that LibreOffice cannot load (word/document.xml is not XML) → 422, nothing stored, on both draft routes', async () => {
    const broken = storedZip({ '[Content_Types].xml': 'không phải XML', 'word/document.xml': '\u0001 không phải XML <<' });
    const before = await counts();
    const res = await t.http.post(OUT).set(w.users.officeClerk.auth).field('data', draftData())
      .attach('file', broken, { filename: 'hong.docx', contentType: DOCX_TYPE }).expect(422);
    expect(res.body.error).toMatchObject({ code: 'FILE_UNREADABLE', details: [{ field: 'file', reason: 'docx_invalid' }] });
    expect(await counts()).toEqual(before);
    const draft = await t.http.post(OUT).set(w.users.officeClerk.auth).send({ documentType: 'THONG_BAO', summary: 'Dự thảo trống', departmentId: w.departments.office.id }).expect(201);
    const mid = await counts();
    await t.http.post(`${OUT}/${draft.body.id}/files`).set(w.users.officeClerk.auth).attach('file', broken, { filename: 'hong.docx', contentType: DOCX_TYPE }).expect(422);
    expect(await counts()).toEqual(mid);
  }, 120_000);

  it('every other upload stays PDF-only: a .docx on /incoming-documents and /files → 415', async () => {
    const before = await counts();
    const incoming = await t.http.post('/api/v1/incoming-documents').set(w.users.officeClerk.auth)
      .field('data', JSON.stringify(incomingBody())).attach('file', fixture, { filename: 'cong-van.docx', contentType: DOCX_TYPE }).expect(415);
    expect(incoming.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const bare = await t.http.post('/api/v1/files').set(w.users.officeClerk.auth).attach('file', fixture, { filename: 'a.docx', contentType: DOCX_TYPE }).expect(415);
    expect(bare.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(await counts()).toEqual(before);
  });
});
