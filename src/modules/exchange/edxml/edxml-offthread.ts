import type { EdxmlDocument, EdxmlStatus } from './edxml.types';
import { EdxmlWorkerPool, type EdxmlPoolOptions } from './edxml-worker-pool';
import type { XmlLimits } from './safe-xml';
import type { EdxmlSigningKey } from './sign-edxml';
import type { EdxmlVerification, VerifyOptions } from './verify-edxml';

/**
 * The edXML library off the event loop: the same functions (verifyEdxml, parseEdxmlMessage, parseStatusMessage,
 * detectMessageKind, signEdxml) run in a shared EdxmlWorkerPool (edxml-worker-pool.ts) and give the same results —
 * a package the library refuses rejects with an EdxmlError carrying the library's own Vietnamese reason and field.
 * In addition any of them may reject with an EdxmlWorkerError (a subclass of EdxmlError): queue full ("busy"),
 * time or memory limit hit, worker died. `verifyEdxmlOffThread` therefore throws only for those runner failures;
 * a bad signature is still `{ valid: false, reason }`.
 */

let shared: EdxmlWorkerPool | null = null;
let sharedOptions: Partial<EdxmlPoolOptions> = {};

function pool(): EdxmlWorkerPool {
  shared ??= new EdxmlWorkerPool(sharedOptions);
  return shared;
}

/** Options for the shared pool (e.g. from the app config); replaces a running pool after its work is done. */
export function configureEdxmlWorkers(options: Partial<EdxmlPoolOptions>): void {
  sharedOptions = { ...options };
  const old = shared;
  shared = null;
  void old?.close();
}

/** Stops the shared pool's workers (application shutdown, end of a test file). A later call starts a new pool. */
export async function closeEdxmlWorkers(): Promise<void> {
  const old = shared;
  shared = null;
  await old?.close();
}

export function edxmlWorkerStats(): { running: number; queued: number; workers: number } {
  return shared?.stats() ?? { running: 0, queued: 0, workers: 0 };
}

/** Attachments come back as transferred Uint8Arrays; the model promises Buffers. */
function withBuffers(doc: EdxmlDocument): EdxmlDocument {
  for (const a of doc.attachments) {
    const u = a.data as Uint8Array;
    if (!Buffer.isBuffer(u)) a.data = Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  }
  return doc;
}

export function verifyEdxmlOffThread(xml: string | Buffer, options: VerifyOptions = {}): Promise<EdxmlVerification> {
  return pool().run<EdxmlVerification>({ op: 'verify', input: xml, verifyOptions: options });
}

export async function parseEdxmlOffThread(xml: string | Buffer, limits?: XmlLimits): Promise<EdxmlDocument> {
  return withBuffers(await pool().run<EdxmlDocument>({ op: 'parse', input: xml, limits }));
}

export function parseStatusOffThread(xml: string | Buffer, limits?: XmlLimits): Promise<EdxmlStatus> {
  return pool().run<EdxmlStatus>({ op: 'parseStatus', input: xml, limits });
}

export function detectMessageKindOffThread(xml: string | Buffer, limits?: XmlLimits): Promise<'document' | 'status'> {
  return pool().run<'document' | 'status'>({ op: 'detect', input: xml, limits });
}

export function signEdxmlOffThread(xml: string, key: EdxmlSigningKey): Promise<string> {
  return pool().run<string>({ op: 'sign', input: xml, key: { privateKeyPem: key?.privateKeyPem, certificatePem: key?.certificatePem } });
}

/** A copy of `data` in its own ArrayBuffer, made 2 MB per turn of the event loop (a 35 MB attachment is not one long copy). */
async function copyInSlices(data: Uint8Array): Promise<Uint8Array> {
  const copy = new Uint8Array(data.byteLength);
  const slice = 2 * 1024 * 1024;
  for (let at = 0; at < data.byteLength; at += slice) {
    if (at > 0) await new Promise((r) => setImmediate(r));
    copy.set(data.subarray(at, at + slice), at);
  }
  return copy;
}

/**
 * buildEdxmlMessage (or buildStatusMessage) then signEdxml, both on the worker: building a 47 MB package is about a
 * second of base64 and string work too. Attachment bytes are copied (in slices) and transferred; the caller's model is
 * untouched.
 */
export async function buildAndSignOffThread(
  model: { kind: 'document'; value: EdxmlDocument } | { kind: 'status'; value: EdxmlStatus }, key: EdxmlSigningKey,
): Promise<string> {
  const transfer: ArrayBuffer[] = [];
  let value = model.value;
  if (model.kind === 'document') {
    const attachments = [];
    for (const a of model.value.attachments ?? []) {
      const raw = a?.data as unknown;
      const data = raw instanceof Uint8Array ? await copyInSlices(raw) : raw;
      if (data instanceof Uint8Array) transfer.push(data.buffer as ArrayBuffer);
      attachments.push({ ...a, data: data as Buffer });
    }
    value = { ...model.value, attachments };
  }
  return pool().run<string>({
    op: 'buildSign', input: '', model: { kind: model.kind, value } as typeof model, transfer,
    key: { privateKeyPem: key?.privateKeyPem, certificatePem: key?.certificatePem },
  });
}

/**
 * verifyEdxml and parseEdxmlMessage on one package with one transfer and one decoding. Rejects with the parser's
 * EdxmlError when the package is not a readable document package; otherwise gives both results.
 */
export async function verifyAndParseOffThread(xml: string | Buffer, options: VerifyOptions = {}): Promise<{ verification: EdxmlVerification; document: EdxmlDocument }> {
  const r = await pool().run<{ verification: EdxmlVerification; document: EdxmlDocument }>({ op: 'verifyAndParse', input: xml, verifyOptions: options });
  return { verification: r.verification, document: withBuffers(r.document) };
}
