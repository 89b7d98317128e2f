import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { constants, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { makeTestPdf } from '../../src/modules/files/pdf/pdf-test-support';
import { createDraft } from '../factories/outgoing.factory';
import { createTanBinhWard, TanBinhWard, TestUser } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const TRUNCATED =
  '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 truncated';

/**
 * A zlib stream of `total` zeros, built without ever compressing (or holding) that much: one raw-deflate run of 8 MB of
 * zeros ending on a full flush (so it depends on nothing before it) is repeated, then an empty final block and the
 * Adler-32 of the zeros (a = 1, b = total mod 65521).
 */
function deflatedZeros(total: number): Buffer {
  const chunk = 8 * 1024 * 1024;
  const run = deflateRawSync(Buffer.alloc(chunk), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(Math.ceil(total / chunk)).fill(run), Buffer.from([0x03, 0x00]), adler]);
}

/**
 * A valid one-page PDF plus an object stream whose /Filter [/FlateDecode /FlateDecode] inflates to `inflated` bytes of
 * zeros: a few kilobytes on the wire, gigabytes once pdf-lib decodes it at load.
 */
async function bombPdf(inflated: number): Promise<Buffer> {
  const payload = deflateSync(deflatedZeros(inflated), { level: 9 });
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    size += buf.length;
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const obj = (n: number, body: string) => {
    offsets[n] = size;
    push(`${n} 0 obj\n${body}\nendobj\n`);
  };
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
  offsets[4] = size;
  push(`4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode] /Length ${payload.length} >>\nstream\n`);
  push(payload);
  push('\nendstream\nendobj\n');
  const xref = size;
  push(`xref\n0 5\n0000000000 65535 f \n${[1, 2, 3, 4].map((n) => `${String(offsets[n]).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

describe('uploads cannot hurt the process', () => {
  let t: TestApp;
  let w: TanBinhWard;
  let draftId: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    draftId = (await createDraft(t, w.users.ktSpecialist, { documentType: 'CONG_VAN', departmentId: w.departments.kt.id })).id;
  });
  afterAll(() => t.close());

  const tmpFiles = async () => readdir(join(t.config.filesDir, 'tmp')).catch(() => [] as string[]);
  const storedFiles = async () => Number((await t.ds.query('SELECT count(*)::int AS n FROM files'))[0].n);

  const routes: [string, () => string, () => TestUser][] = [
    ['/files', () => '/api/v1/files', () => w.users.officeClerk],
    ['/incoming-documents', () => '/api/v1/incoming-documents', () => w.users.officeClerk],
    ['/outgoing-documents', () => '/api/v1/outgoing-documents', () => w.users.ktSpecialist],
    ['/outgoing-documents/:id/files', () => `/api/v1/outgoing-documents/${draftId}/files`, () => w.users.ktSpecialist],
    ['/signing-keys/import', () => '/api/v1/signing-keys/import', () => w.users.admin],
    ['/signing-keys/images', () => '/api/v1/signing-keys/images', () => w.users.admin],
    ['/signatures/verify', () => '/api/v1/signatures/verify', () => w.users.officeClerk],
    ['/imports', () => '/api/v1/imports', () => w.users.officeClerk],
  ];

  it.each(routes)('a multipart body cut before its closing boundary on %s is a 400, leaves no temp file, and the process still answers', async (_name, path, user) => {
    const before = await storedFiles();
    const res = await t.http.post(path()).set(user().auth).set('Content-Type', 'multipart/form-data; boundary=XX').send(Buffer.from(TRUNCATED, 'latin1'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/không hợp lệ|gián đoạn/);
    await t.http.get('/health/live').expect(200);
    expect(await tmpFiles()).toEqual([]);
    expect(await storedFiles()).toBe(before);
  });

  it('a disk error while the upload is written (the temp directory is unusable) is a 400, nothing stored, and the process still answers', async () => {
    const tmp = join(t.config.filesDir, 'tmp');
    await rm(tmp, { recursive: true, force: true });
    await writeFile(tmp, 'not a directory');
    try {
      const before = await storedFiles();
      const res = await t.http.post('/api/v1/files').set(w.users.officeClerk.auth).attach('file', await makeTestPdf(1), { filename: 'a.pdf', contentType: 'application/pdf' });
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await storedFiles()).toBe(before);
      await t.http.get('/health/live').expect(200);
    } finally {
      await rm(tmp, { force: true });
      await mkdir(tmp, { recursive: true });
    }
  });

  it('a 1 GB-inflating object-stream bomb is refused with 422 PDF_TOO_COMPLEX within 2 s of CPU, nothing stored, while /health/live keeps answering and the event loop never stalls for the decode (bounds in the test)', async () => {
    const bomb = await bombPdf(1024 * 1024 * 1024);
    // The object stream really holds ≥ 1 GB once both Flate layers are undone (checked with a bounded inflate).
    const layer1 = inflateSync(deflateSync(deflatedZeros(64 * 1024 * 1024)));
    expect(inflateSync(layer1).length).toBe(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const before = await storedFiles();
    // The probe is a plain keep-alive client on the listening server, so it measures the server, not supertest's setup.
    const server = t.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const live = () => new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/health/live', agent }, (r) => {
        r.resume();
        r.on('end', () => resolve(r.statusCode ?? 0));
      }).on('error', reject);
    });
    for (let i = 0; i < 5; i++) expect(await live()).toBe(200); // warm route and connection, not measured
    const latencies: number[] = [];
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    let uploading = true;
    const probe = (async () => {
      while (uploading) {
        const started = performance.now();
        expect(await live()).toBe(200);
        latencies.push(performance.now() - started);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const res = await t.http.post('/api/v1/files').set(w.users.officeClerk.auth).attach('file', bomb, { filename: 'bom.pdf', contentType: 'application/pdf' });
    const elapsed = performance.now() - started;
    // CPU of this process (server, its PDF worker thread and the probe): the bound that holds however loaded the machine is.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    uploading = false;
    await probe;
    agent.destroy();
    loopDelay.disable();
    const loopMaxMs = loopDelay.max / 1e6;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)];
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'PDF_TOO_COMPLEX' });
    expect(res.body.error.message).toMatch(/quá phức tạp/);
    expect(cpuMs).toBeLessThan(2000);
    expect(latencies.length).toBeGreaterThan(3);
    process.stdout.write(`bomb: refused in ${elapsed.toFixed(0)} ms (${cpuMs.toFixed(0)} ms of CPU); ${latencies.length} probes, p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms; event-loop delay max ${loopMaxMs.toFixed(1)} ms\n`);
    // The event loop of the server (this process) never stalls: the PDF is read on a worker thread.
    // Measured in this process, which also runs the test's own client, while another Jest worker and PostgreSQL share
    // the two cores: a quiet run shows a stall of ~60 ms and probes of ~45 ms; a loaded CI run showed 330 ms once (the
    // 250 ms bound this had failed there). What it guards against is the decode on the loop: pdf-lib inflating the
    // stream in-thread blocked ~21 s per GB. 1 s tells the two apart on any machine load we have seen.
    expect(loopMaxMs).toBeLessThan(1000);
    expect(p95).toBeLessThan(1000);
    expect(await storedFiles()).toBe(before);
    expect(await tmpFiles()).toEqual([]);
  });

  it('an ordinary PDF is still accepted and counted after a refused bomb', async () => {
    const res = await t.http.post('/api/v1/files').set(w.users.officeClerk.auth).attach('file', await makeTestPdf(2), { filename: 'thuong.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body.pageCount).toBe(2);
  });
});
