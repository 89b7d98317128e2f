import { randomBytes } from 'node:crypto';
import { vanthuDocument, vanthuStatus } from '../../../../tests/fixtures/edxml/edxml-fixtures';
import { testRootAndLeaf } from '../../../../tests/fixtures/pki-fixtures';
import {
  buildAndSignOffThread, buildEdxmlMessage, buildStatusMessage, closeEdxmlWorkers, detectMessageKindOffThread, EdxmlError, EdxmlWorkerError, parseEdxmlMessage,
  parseEdxmlOffThread, parseStatusMessage, parseStatusOffThread, signEdxml, signEdxmlOffThread, verifyAndParseOffThread, verifyEdxml,
  verifyEdxmlOffThread,
} from '.';
import { EdxmlWorkerPool } from './edxml-worker-pool';

/** The off-thread runner gives exactly the synchronous library's answers, and survives its workers' failures. */

const agency = testRootAndLeaf('CA thử nghiệm vanthu', 'UBND phường Tân Bình');
const key = { privateKeyPem: agency.leaf.keyPem, certificatePem: agency.leaf.certPem };
const signed = signEdxml(buildEdxmlMessage(vanthuDocument()), key);
const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const xxe = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY s SYSTEM "file:///etc/passwd">]><edXML xmlns="${NS}"/>`;

async function rejection(p: Promise<unknown>): Promise<EdxmlError> {
  const e = await p.then(() => new Error('expected a rejection'), (error: unknown) => error);
  if (!(e instanceof EdxmlError)) throw e;
  return e;
}

function syncError(fn: () => unknown): EdxmlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EdxmlError) return e;
    throw e;
  }
  throw new Error('expected the synchronous call to throw');
}

describe('edXML off the event loop (shared worker pool)', () => {
  afterAll(() => closeEdxmlWorkers());

  it('verifies a signed package exactly as verifyEdxml does, from a string and from bytes', async () => {
    const expected = verifyEdxml(signed);
    expect(expected.valid).toBe(true);
    await expect(verifyEdxmlOffThread(signed)).resolves.toEqual(expected);
    const bytes = Buffer.from(signed);
    await expect(verifyEdxmlOffThread(bytes)).resolves.toEqual(expected);
    expect(bytes.toString()).toBe(signed); // the caller's Buffer is copied, never detached
  });

  it('an altered package is invalid with the same Vietnamese reason; an unsigned one too', async () => {
    const tampered = signed.replace('lịch tiếp công dân', 'lịch tiếp dân');
    const expected = verifyEdxml(tampered);
    expect(expected).toEqual(expect.objectContaining({ valid: false, reason: expect.stringMatching(/bị thay đổi sau khi ký/) }));
    await expect(verifyEdxmlOffThread(tampered)).resolves.toEqual(expected);
    const unsigned = buildEdxmlMessage(vanthuDocument());
    await expect(verifyEdxmlOffThread(unsigned)).resolves.toEqual({ valid: false, reason: 'Gói tin không có chữ ký số (Signature)' });
    await expect(verifyEdxmlOffThread(xxe)).resolves.toEqual(verifyEdxml(xxe));
    await expect(verifyEdxmlOffThread(undefined as unknown as string)).resolves.toEqual(verifyEdxml(undefined as unknown as string));
  });

  it('parses a package to the same model, attachments as Buffers with the same bytes', async () => {
    const doc = await parseEdxmlOffThread(Buffer.from(signed));
    expect(doc).toEqual(parseEdxmlMessage(signed));
    expect(doc).toEqual(vanthuDocument());
    for (const a of doc.attachments) expect(Buffer.isBuffer(a.data)).toBe(true);
    const big = randomBytes(3 * 1024 * 1024);
    const withBig = buildEdxmlMessage(vanthuDocument({ attachments: [{ contentId: 'cid:9', contentType: 'application/pdf', fileName: 'lớn.pdf', data: big }] }));
    expect((await parseEdxmlOffThread(withBig)).attachments[0].data.equals(big)).toBe(true);
  });

  it('a refused package rejects with an EdxmlError carrying the parser\'s own reason and field', async () => {
    const missing = buildEdxmlMessage(vanthuDocument()).replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '');
    const expected = syncError(() => parseEdxmlMessage(missing));
    const got = await rejection(parseEdxmlOffThread(missing));
    expect({ name: got.name, reason: got.reason, field: got.field }).toEqual({ name: 'EdxmlError', reason: expected.reason, field: expected.field });
    expect((await rejection(parseEdxmlOffThread(xxe))).reason).toBe(syncError(() => parseEdxmlMessage(xxe)).reason);
    expect((await rejection(parseStatusOffThread(signed))).reason).toBe(syncError(() => parseStatusMessage(signed)).reason);
  });

  it('status packages: parse and kind detection agree with the synchronous functions', async () => {
    const status = signEdxml(buildStatusMessage(vanthuStatus()), key);
    await expect(parseStatusOffThread(status)).resolves.toEqual(parseStatusMessage(status));
    await expect(detectMessageKindOffThread(status)).resolves.toBe('status');
    await expect(detectMessageKindOffThread(Buffer.from(signed))).resolves.toBe('document');
  });

  it('signs off-thread: the result verifies (synchronously) and reads back to the same document', async () => {
    const out = await signEdxmlOffThread(buildEdxmlMessage(vanthuDocument()), key);
    expect(verifyEdxml(out).valid).toBe(true);
    expect(parseEdxmlMessage(out)).toEqual(vanthuDocument());
    const badKey = await rejection(signEdxmlOffThread(buildEdxmlMessage(vanthuDocument()), { ...key, certificatePem: 'rác' }));
    expect({ reason: badKey.reason, field: badKey.field }).toEqual({ reason: 'Chứng thư số của cơ quan không đọc được', field: 'certificatePem' });
  });

  it('builds and signs on the worker: the package verifies and reads back to the model; the caller\'s model is untouched', async () => {
    const doc = vanthuDocument();
    const out = await buildAndSignOffThread({ kind: 'document', value: doc }, key);
    expect(verifyEdxml(out).valid).toBe(true);
    expect(parseEdxmlMessage(out)).toEqual(vanthuDocument());
    expect(doc).toEqual(vanthuDocument());
    const status = await buildAndSignOffThread({ kind: 'status', value: vanthuStatus() }, key);
    expect(verifyEdxml(status).valid).toBe(true);
    expect(parseStatusMessage(status)).toEqual(parseStatusMessage(buildStatusMessage(vanthuStatus())));
    const bad = vanthuDocument({ subject: '' });
    const expected = syncError(() => buildEdxmlMessage(bad));
    const got = await rejection(buildAndSignOffThread({ kind: 'document', value: bad }, key));
    expect({ reason: got.reason, field: got.field }).toEqual({ reason: expected.reason, field: expected.field });
  });

  it('verifyAndParse gives both answers from one transfer, and the parser\'s error for an unreadable package', async () => {
    const tampered = signed.replace('lịch tiếp công dân', 'lịch tiếp dân');
    const r = await verifyAndParseOffThread(Buffer.from(tampered));
    expect(r.verification).toEqual(verifyEdxml(tampered));
    expect(r.document).toEqual(parseEdxmlMessage(tampered));
    expect((await verifyAndParseOffThread(signed)).verification.valid).toBe(true);
    expect((await rejection(verifyAndParseOffThread(xxe))).reason).toMatch(/DOCTYPE/);
  });
});

describe('edXML worker pool limits: every failure is an EdxmlError, and the next package is served', () => {
  let pool: EdxmlWorkerPool;
  afterEach(() => pool.close());
  const verify = (xml: string | Buffer) => pool.run<{ valid: boolean }>({ op: 'verify', input: xml });
  const bigPackage = () => signEdxml(buildEdxmlMessage(vanthuDocument({ attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', fileName: 'a.pdf', data: randomBytes(12 * 1024 * 1024) }] })), key);

  it('time limit: the worker is terminated, the call fails with a Vietnamese reason, a fresh worker serves the next package', async () => {
    pool = new EdxmlWorkerPool({ size: 1, timeoutMs: 1 });
    const e = await rejection(verify(signed));
    expect(e).toBeInstanceOf(EdxmlWorkerError);
    expect({ failure: (e as EdxmlWorkerError).failure, transient: (e as EdxmlWorkerError).transient }).toEqual({ failure: 'timeout', transient: false });
    expect(e.reason).toMatch(/^Gói tin edXML quá lớn hoặc quá phức tạp: xử lý vượt thời gian cho phép/);
    pool.options.timeoutMs = 60_000;
    await expect(verify(signed)).resolves.toEqual(verifyEdxml(signed));
  });

  it('memory limit: a package whose DOM outgrows the worker heap fails as "memory", and a small one still verifies', async () => {
    // 99 000 small elements: within the pre-scan limits, but ~100 MB of DOM. Many small allocations make V8 stop the
    // worker cleanly (see docs/EXCHANGE.md: one huge allocation past the cap would abort the whole process instead).
    const flood = `<edXML xmlns="${NS}"><edXMLEnvelope><edXMLHeader><MessageHeader>${'<X a="1" b="2">t</X>'.repeat(99_000)}</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>`;
    pool = new EdxmlWorkerPool({ size: 1, heapMb: 48 });
    const e = await rejection(verify(flood));
    expect(e).toBeInstanceOf(EdxmlWorkerError);
    expect((e as EdxmlWorkerError).failure).toBe('memory');
    expect(e.reason).toMatch(/vượt giới hạn bộ nhớ/);
    await expect(verify(signed)).resolves.toEqual(verifyEdxml(signed));
  });

  it('a worker that dies mid-package fails that call as "crashed" (transient); the next call works', async () => {
    pool = new EdxmlWorkerPool({ size: 1 });
    await verify(signed); // worker started
    const running = verify(bigPackage());
    const worker = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0].worker;
    void worker.terminate();
    const e = await rejection(running);
    expect({ failure: (e as EdxmlWorkerError).failure, transient: (e as EdxmlWorkerError).transient }).toEqual({ failure: 'crashed', transient: true });
    await expect(verify(signed)).resolves.toEqual(verifyEdxml(signed));
  });

  it('a full queue refuses at once with "hệ thống đang bận" instead of piling packages up', async () => {
    pool = new EdxmlWorkerPool({ size: 1, maxQueued: 2 });
    const accepted = [verify(signed), verify(signed), verify(signed)]; // one running, two waiting
    const refused = await rejection(verify(signed));
    expect(refused).toBeInstanceOf(EdxmlWorkerError);
    expect({ failure: (refused as EdxmlWorkerError).failure, transient: (refused as EdxmlWorkerError).transient }).toEqual({ failure: 'busy', transient: true });
    expect(refused.reason).toMatch(/^Hệ thống đang bận/);
    for (const r of await Promise.all(accepted)) expect(r.valid).toBe(true);
    expect(pool.stats()).toEqual(expect.objectContaining({ running: 0, queued: 0 }));
    await expect(verify(signed)).resolves.toEqual(expect.objectContaining({ valid: true }));
  });

  it('waiting bytes are bounded too: a second big package behind a queued one is refused as busy', async () => {
    pool = new EdxmlWorkerPool({ size: 1, maxQueuedBytes: 1024 });
    const first = [verify(signed), verify(signed)]; // one running, one waiting (alone it may exceed the byte bound)
    expect((await rejection(verify(signed)) as EdxmlWorkerError).failure).toBe('busy');
    await Promise.all(first);
  });
});
