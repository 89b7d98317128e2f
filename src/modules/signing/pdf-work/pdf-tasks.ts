import {
  appendIssueRevision, type IssueRenderOptions, type IssueRevisionOptions, renderIssuedDocument, renderSignerCopy, type SignerCopyOptions,
} from '../../files/pdf/issue-render';
import { type PadesSignOptions, signPdfIncremental } from '../crypto/pades-signer';
import type { SigningKey } from '../crypto/pkcs12';

/**
 * The CPU-heavy PDF steps of issuing a document, as plain messages: run in a worker thread (pdf-worker.ts) or, when
 * there is none, in the calling thread. Nothing here touches the database or Nest.
 */
export type PdfTask =
  | { kind: 'render'; draft: Uint8Array; options: IssueRenderOptions }
  | { kind: 'signerCopy'; draft: Uint8Array; options: SignerCopyOptions }
  | { kind: 'issueRevision'; signed: Uint8Array; options: IssueRevisionOptions }
  | { kind: 'sign'; pdf: Uint8Array; keyId: number; key: SigningKey; options: PadesSignOptions };

/** Signing keys seen by this thread, by the id the pool gave the key object, so each is parsed and imported once. */
export class KeyCache {
  private readonly keys = new Map<number, SigningKey>();

  constructor(private readonly max = 1024) {}

  get(id: number, sent: SigningKey): SigningKey {
    const known = this.keys.get(id);
    if (known) {
      this.keys.delete(id);
      this.keys.set(id, known);
      return known;
    }
    this.keys.set(id, sent);
    if (this.keys.size > this.max) this.keys.delete(this.keys.keys().next().value as number);
    return sent;
  }
}

export function runPdfTask(task: PdfTask, keys: KeyCache): Promise<Buffer> {
  switch (task.kind) {
    case 'render':
      return renderIssuedDocument(asBuffer(task.draft), {
        ...task.options,
        signatureImage: task.options.signatureImage ? asBuffer(task.options.signatureImage) : task.options.signatureImage,
        sealImage: task.options.sealImage ? asBuffer(task.options.sealImage) : task.options.sealImage,
      });
    case 'signerCopy':
      return renderSignerCopy(asBuffer(task.draft), { ...task.options, signatureImage: optionalBuffer(task.options.signatureImage) });
    case 'issueRevision':
      return appendIssueRevision(asBuffer(task.signed), {
        ...task.options, signatureImage: optionalBuffer(task.options.signatureImage), sealImage: optionalBuffer(task.options.sealImage),
      });
    case 'sign':
      return signPdfIncremental(asBuffer(task.pdf), keys.get(task.keyId, task.key), task.options);
  }
}

const optionalBuffer = (b: Uint8Array | null | undefined) => (b ? asBuffer(b) : b);

/** Buffers arrive from another thread as plain Uint8Arrays (structured clone); wrap them without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** What crosses the thread boundary when a task fails; rebuilt as the same error class where callers test for it. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, stack: e.stack };
}
