import { Controller, Module, Post, Req } from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { once } from 'node:events';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Actor } from '../../src/common/auth/actor';
import { CurrentActor } from '../../src/common/auth/current-actor.decorator';
import { AnySignedIn } from '../../src/common/authz/check-ability.decorator';
import { FilesModule } from '../../src/modules/files/files.module';
import { FilesService } from '../../src/modules/files/files.service';
import { createOrganization, createUser, tokenFor, TestOrg } from '../factories/ward.factory';
import { createTestAppWith } from '../fixtures/app-with-modules';
import { elfBytes, makeBigPdf, makePdf, sha256, zipBytes } from '../fixtures/pdf-fixtures';
import type { TestApp } from '../setup/test-app';

/** Test-only routes over FilesService.receiveMultipart, the way document routes use it. */
@Controller('test-uploads')
class TestUploadsController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @AnySignedIn()
  optional(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.files.receiveMultipart(actor, req);
  }

  @Post('required')
  @ApiConsumes('multipart/form-data')
  @AnySignedIn()
  required(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.files.receiveMultipart(actor, req, { requireFile: true });
  }
}

@Module({ imports: [FilesModule], controllers: [TestUploadsController] })
class TestUploadsModule {}

const MB = 1024 * 1024;
const VIETNAMESE_NAME = 'Công văn số 12 về đất đai.pdf';

describe('files', () => {
  let t: TestApp;
  let port: number;
  let filesDir: string;

  beforeAll(async () => {
    t = await createTestAppWith([TestUploadsModule]);
    filesDir = t.config.filesDir;
    const server = t.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const member = async (org?: TestOrg) => createUser(t, org ?? (await createOrganization(t)), { roles: [] });
  const upload = (auth: Record<string, string>, buf: Buffer, filename = 'van-ban.pdf', contentType = 'application/pdf') =>
    t.http.post('/api/v1/files').set(auth).attach('file', buf, { filename, contentType });
  const blobPath = (hash: string) => join(filesDir, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
  const tempFiles = async () => readdir(join(filesDir, 'tmp')).catch(() => [] as string[]);
  const download = (auth: Record<string, string>, id: string) =>
    t.http.get(`/api/v1/files/${id}`).set(auth).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  it('a PDF upload answers 201 with id, sha256, size and page count, and downloads byte for byte', async () => {
    const user = await member();
    const pdf = await makePdf(3);
    const res = await upload(user.auth, pdf).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), sha256: sha256(pdf), size: pdf.length, pageCount: 3, fileName: 'van-ban.pdf' });
    const got = await download(user.auth, res.body.id).expect(200);
    expect(sha256(got.body as Buffer)).toBe(sha256(pdf));
    expect(got.headers).toMatchObject({
      'content-type': 'application/pdf', 'content-length': String(pdf.length), etag: `"${sha256(pdf)}"`, 'x-content-type-options': 'nosniff',
    });
    await t.http.get(`/api/v1/files/${res.body.id}`).set(user.auth).set('If-None-Match', `"${sha256(pdf)}"`).expect(304);
  });

  it('identical bytes are stored once on disk however many times they are uploaded', async () => {
    const user = await member();
    const pdf = await makePdf();
    const a = await upload(user.auth, pdf, 'a.pdf').expect(201);
    const b = await upload(user.auth, pdf, 'b.pdf').expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    const dir = join(blobPath(a.body.sha256), '..');
    expect((await readdir(dir)).filter((f) => f === a.body.sha256)).toHaveLength(1);
    expect(await tempFiles()).toEqual([]);
  });

  it.each([
    ['an ELF executable', elfBytes()],
    ['a ZIP archive', zipBytes()],
    ['text with %PDF- only after the first 1024 bytes', Buffer.concat([Buffer.alloc(1100, 0x20), Buffer.from('%PDF-1.7\n%%EOF\n')])],
  ])('%s named x.pdf is refused with 415 UNSUPPORTED_FILE_TYPE', async (_, bytes) => {
    const user = await member();
    const res = await upload(user.auth, bytes, 'x.pdf').expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(await tempFiles()).toEqual([]);
  });

  it('a truncated PDF is refused with 422 FILE_UNREADABLE', async () => {
    const user = await member();
    const pdf = await makePdf(2);
    const res = await upload(user.auth, pdf.subarray(0, Math.floor(pdf.length * 0.6)), 'cut.pdf').expect(422);
    expect(res.body.error).toMatchObject({ code: 'FILE_UNREADABLE', details: [{ field: 'file', reason: 'damaged' }] });
  });

  it('a request that is not multipart/form-data is refused with 415', async () => {
    const user = await member();
    await t.http.post('/api/v1/files').set(user.auth).set('Content-Type', 'application/pdf').send(await makePdf()).expect(415);
    const json = await t.http.post('/api/v1/files').set(user.auth).send({ fileId: 'x' }).expect(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('a form without the file part is refused with 400 on field "file", and other fields are refused on /files', async () => {
    const user = await member();
    const res = await t.http.post('/api/v1/files').set(user.auth).field('note', 'x').expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'note' })]);
    const none = await t.http.post('/api/v1/files').set(user.auth).field('data', '{}').expect(400);
    expect(none.body.error.details).toEqual([expect.objectContaining({ field: 'file' })]);
  });

  it('a 21 MB upload is refused with 413 FILE_TOO_LARGE and leaves nothing behind', async () => {
    const user = await member();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * MB)]);
    const res = await upload(user.auth, big, 'lon.pdf').expect(413);
    expect(res.body.error.code).toBe('FILE_TOO_LARGE');
    expect(await tempFiles()).toEqual([]);
  });

  it('an endless upload is answered 413 once the limit is passed, long before the body ends (nothing is buffered)', async () => {
    const user = await member();
    const offered = 200 * MB;
    const result = await streamingUpload(port, user.auth, offered);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).error.code).toBe('FILE_TOO_LARGE');
    // A server that buffered the body would answer only after all 200 MB; socket buffers explain the small excess.
    expect(result.sentWhenAnswered).toBeLessThan(t.config.maxUploadBytes + 12 * MB);
    expect(result.sentWhenAnswered).toBeGreaterThan(t.config.maxUploadBytes);
    await expectEventually(async () => expect(await tempFiles()).toEqual([]));
  });

  it('a 10 MB PDF is accepted and streams through at a useful rate', async () => {
    const user = await member();
    const pdf = await makeBigPdf(10 * MB);
    const started = process.hrtime.bigint();
    const res = await upload(user.auth, pdf, 'muoi-mb.pdf').expect(201);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(res.body).toMatchObject({ sha256: sha256(pdf), size: pdf.length, pageCount: 1 });
    process.stdout.write(`POST /files 10 MB: ${(pdf.length / MB / seconds).toFixed(1)} MB/s (${(seconds * 1000).toFixed(0)} ms)\n`);
  });

  it('a path in the client file name is metadata only: "../../etc/passwd.pdf" is stored by hash and named passwd.pdf', async () => {
    const user = await member();
    const pdf = await makePdf();
    const res = await upload(user.auth, pdf, '../../etc/passwd.pdf').expect(201);
    expect(res.body.fileName).toBe('passwd.pdf');
    expect((await stat(blobPath(sha256(pdf)))).size).toBe(pdf.length);
    await expect(stat(join(filesDir, '..', 'etc'))).rejects.toThrow();
    await expect(stat(join(filesDir, 'etc'))).rejects.toThrow();
    const got = await download(user.auth, res.body.id).expect(200);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`);
  });

  it('a Vietnamese file name survives upload and download (RFC 6266 filename*)', async () => {
    const user = await member();
    const res = await upload(user.auth, await makePdf(), VIETNAMESE_NAME.normalize('NFD')).expect(201);
    expect(res.body.fileName).toBe(VIETNAMESE_NAME.normalize('NFC'));
    const got = await download(user.auth, res.body.id).expect(200);
    const header = got.headers['content-disposition'] as string;
    expect(header).toBe(
      `attachment; filename="Cong van so 12 ve dat dai.pdf"; filename*=UTF-8''${encodeURIComponent(VIETNAMESE_NAME.normalize('NFC'))}`,
    );
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1])).toBe(VIETNAMESE_NAME);
  });

  it('a blob damaged on disk is never served: the download answers 500 FILE_INTEGRITY_FAILED', async () => {
    const user = await member();
    const pdf = await makePdf();
    const res = await upload(user.auth, pdf).expect(201);
    const path = blobPath(res.body.sha256);
    const damaged = Buffer.from(pdf);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    await chmod(path, 0o644);
    await writeFile(path, damaged);
    const got = await t.http.get(`/api/v1/files/${res.body.id}`).set(user.auth).expect(500);
    expect(got.body.error.code).toBe('FILE_INTEGRITY_FAILED');
    await expect(t.app.get(FilesService).readVerified(await orgOf(user.id), res.body.id)).rejects.toMatchObject({ code: 'FILE_INTEGRITY_FAILED' });
    // Uploading the same bytes again puts the intact blob back.
    await upload(user.auth, pdf).expect(201);
    expect(sha256(await readFile(path))).toBe(sha256(pdf));
    await download(user.auth, res.body.id).expect(200);
  });

  it('another organization\'s file id answers 404, and so does a colleague\'s upload (files are read through their documents)', async () => {
    const orgA = await createOrganization(t);
    const owner = await member(orgA);
    const colleague = await member(orgA);
    const outsider = await createUser(t, await createOrganization(t), { roles: [{ role: 'admin' }] });
    const res = await upload(owner.auth, await makePdf()).expect(201);
    expect((await t.http.get(`/api/v1/files/${res.body.id}`).set(outsider.auth).expect(404)).body.error.code).toBe('NOT_FOUND');
    await t.http.get(`/api/v1/files/${res.body.id}`).set(colleague.auth).expect(404);
    await t.http.get('/api/v1/files/not-a-uuid').set(owner.auth).expect(400);
  });

  it('a system administrator, who belongs to no organization, may not upload (403)', async () => {
    const [{ id }] = (await t.ds.query(
      `INSERT INTO users (organization_id, username, password_hash, full_name, is_system_admin)
       VALUES (NULL, $1, 'x', 'Quản trị hệ thống', true) RETURNING id`,
      [`sa${Date.now()}${Math.random().toString(36).slice(2, 8)}`],
    )) as { id: string }[];
    const res = await upload({ Authorization: tokenFor(t, id).Authorization }, await makePdf()).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('receiveMultipart merges form fields with the "data" JSON part and refuses a field given twice', async () => {
    const user = await member();
    const pdf = await makePdf(2);
    const ok = await t.http.post('/api/v1/test-uploads').set(user.auth)
      .field('summary', 'Về việc đất đai').field('data', JSON.stringify({ urgency: 'urgent', allowDuplicate: true }))
      .attach('file', pdf, { filename: VIETNAMESE_NAME, contentType: 'application/pdf' }).expect(201);
    expect(ok.body.fields).toEqual({ summary: 'Về việc đất đai', urgency: 'urgent', allowDuplicate: true });
    expect(ok.body.file).toMatchObject({ sha256: sha256(pdf), pageCount: 2, fileName: VIETNAMESE_NAME, createdByUserId: user.id });
    const twice = await t.http.post('/api/v1/test-uploads').set(user.auth)
      .field('summary', 'A').field('data', JSON.stringify({ summary: 'B' })).expect(400);
    expect(twice.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'summary', message: expect.stringMatching(/hai lần/) }] });
    const noFile = await t.http.post('/api/v1/test-uploads').set(user.auth).field('summary', 'A').expect(201);
    expect(noFile.body).toEqual({ fields: { summary: 'A' }, file: null });
    const required = await t.http.post('/api/v1/test-uploads/required').set(user.auth).field('summary', 'A').expect(400);
    expect(required.body.error.details).toEqual([expect.objectContaining({ field: 'file' })]);
    await t.http.post('/api/v1/test-uploads').set(user.auth).field('data', '[1,2]').expect(400);
    await t.http.post('/api/v1/test-uploads').set(user.auth).attach('other', pdf, 'a.pdf').expect(400);
  });

  it('a rendition is built once even when five callers ask at the same time, and the original stays untouched', async () => {
    const org = await createOrganization(t);
    const files = t.app.get(FilesService);
    const original = await makePdf(2);
    const source = await files.storeBuffer(org.id, original, VIETNAMESE_NAME, null);
    let builds = 0;
    const stamp = async (bytes: Buffer) => {
      builds++;
      const doc = await PDFDocument.load(bytes);
      doc.getPage(0).drawText('DEN', { x: 400, y: 780, size: 14, font: await doc.embedFont(StandardFonts.TimesRomanBold) });
      return Buffer.from(await doc.save());
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => files.rendition(org.id, source.id, 'arrival-stamp', 'v1', stamp)));
    expect(builds).toBe(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results[0]).toMatchObject({ organizationId: org.id, pageCount: 2, fileName: VIETNAMESE_NAME });
    expect(results[0].sha256).not.toBe(source.sha256);
    expect((await files.rendition(org.id, source.id, 'arrival-stamp', 'v1', stamp)).id).toBe(results[0].id);
    expect((await files.rendition(org.id, source.id, 'arrival-stamp', 'v2', stamp)).id).not.toBe(results[0].id);
    expect(builds).toBe(2);
    expect(sha256(await files.readVerified(org.id, source.id))).toBe(sha256(original));
    const [{ count }] = (await t.ds.query(`SELECT count(*)::int AS count FROM file_renditions WHERE source_file_id = $1`, [source.id])) as { count: number }[];
    expect(count).toBe(2);
  });

  it('storeBuffer refuses bytes that are not a PDF, and a rendition of another organization\'s file is not found', async () => {
    const org = await createOrganization(t);
    const other = await createOrganization(t);
    const files = t.app.get(FilesService);
    await expect(files.storeBuffer(org.id, elfBytes(), 'x.pdf', null)).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
    const source = await files.storeBuffer(org.id, await makePdf(), 'a.pdf', null);
    await expect(files.rendition(other.id, source.id, 'arrival-stamp', 'v1', async (b) => b)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await files.findById(other.id, source.id)).toBeNull();
  });

  it('sharing a file to another organization adds a row there that points at the same blob', async () => {
    const from = await createOrganization(t);
    const to = await createOrganization(t);
    const files = t.app.get(FilesService);
    const pdf = await makePdf();
    const source = await files.storeBuffer(from.id, pdf, 'Quyết định.pdf', null);
    const shared = await files.shareToOrganization(from.id, source.id, to.id, null);
    expect(shared).toMatchObject({ organizationId: to.id, sha256: source.sha256, size: source.size, fileName: 'Quyết định.pdf' });
    expect(shared.id).not.toBe(source.id);
    expect(sha256(await files.readVerified(to.id, shared.id))).toBe(sha256(pdf));
    await expect(files.shareToOrganization(to.id, source.id, from.id, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  async function orgOf(userId: string): Promise<string> {
    const [{ organization_id }] = (await t.ds.query(`SELECT organization_id FROM users WHERE id = $1`, [userId])) as { organization_id: string }[];
    return organization_id;
  }
});

/**
 * Sends a multipart body of `total` bytes in chunks (chunked encoding, so no Content-Length warns the server) and stops
 * as soon as a response arrives; reports how much had been sent by then.
 */
async function streamingUpload(port: number, auth: Record<string, string>, total: number): Promise<{ status: number; body: string; sentWhenAnswered: number }> {
  const boundary = `----vanthu${Date.now()}`;
  const req = http.request({
    host: '127.0.0.1', port, method: 'POST', path: '/api/v1/files',
    headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
  });
  let sent = 0;
  let answered = false;
  const response = new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentWhenAnswered });
      });
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
  });
  const write = async (chunk: Buffer) => {
    sent += chunk.length;
    if (!req.write(chunk)) await Promise.race([once(req, 'drain'), response]);
  };
  await write(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="vo-tan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`));
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  while (!answered && sent < total) await write(chunk);
  if (!answered) req.end(`\r\n--${boundary}--\r\n`);
  return response;
}

async function expectEventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setImmediate(r));
    }
  }
}
