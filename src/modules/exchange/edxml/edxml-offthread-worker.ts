import { parentPort } from 'node:worker_threads';
import { buildEdxmlMessage } from './build-message';
import { buildStatusMessage } from './build-status';
import { detectMessageKind } from './detect-kind';
import { EdxmlError } from './edxml-error';
import type { EdxmlDocument } from './edxml.types';
import { parseEdxmlMessage } from './parse-message';
import { parseStatusMessage } from './parse-status';
import { decodeXmlInput } from './safe-xml';
import { signEdxml } from './sign-edxml';
import { verifyEdxml } from './verify-edxml';
import type { EdxmlJobPart, EdxmlJobReply, EdxmlJobRequest } from './edxml-worker-protocol';

/**
 * Worker thread entry (compiled: edxml-offthread-worker.js) for EdxmlWorkerPool: runs the synchronous edXML library
 * functions on one package at a time. Input bytes arrive as a transferred Uint8Array; attachment bytes of a parsed
 * package go back transferred too (never copied through the structured clone).
 */
const port = parentPort;
if (!port) throw new Error('edxml-offthread-worker must run in a worker thread');

const pending = new Map<number, (string | Uint8Array)[]>();

function inputOf(m: EdxmlJobRequest): string | Buffer {
  const parts = pending.get(m.id) ?? [];
  pending.delete(m.id);
  if (parts.length !== m.parts) throw new Error(`package arrived in ${parts.length} of ${m.parts} parts`);
  if (parts.every((p) => typeof p === 'string')) return (parts as string[]).join('');
  return Buffer.concat(parts as Uint8Array[]);
}

/** Attachments as whole ArrayBuffers the reply can transfer (small base64 decodes share Node's pool: copied). */
function transferable(doc: EdxmlDocument, transfer: ArrayBuffer[]): EdxmlDocument {
  const attachments = doc.attachments.map((a) => {
    const d = a.data;
    const own = d.byteOffset === 0 && d.byteLength === d.buffer.byteLength ? new Uint8Array(d.buffer) : new Uint8Array(d);
    transfer.push(own.buffer as ArrayBuffer);
    return { ...a, data: own as unknown as Buffer };
  });
  return { ...doc, attachments };
}

function run(m: EdxmlJobRequest, transfer: ArrayBuffer[]): unknown {
  const input = inputOf(m);
  switch (m.op) {
    case 'verify':
      return verifyEdxml(input, m.verifyOptions);
    case 'parse':
      return transferable(parseEdxmlMessage(input, m.limits), transfer);
    case 'parseStatus':
      return parseStatusMessage(input, m.limits);
    case 'detect':
      return detectMessageKind(input, m.limits);
    case 'buildSign': {
      const model = m.model!;
      const xml = model.kind === 'status' ? buildStatusMessage(model.value) : buildEdxmlMessage({
        ...model.value, attachments: model.value.attachments.map((a) => ({ ...a, data: Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength) })),
      });
      return signEdxml(xml, m.key!);
    }
    case 'sign':
      return signEdxml(typeof input === 'string' ? input : input.toString('utf8'), m.key!);
    case 'verifyAndParse': {
      // Decoded once; both functions then read the same text (each still applies its own checks).
      let text: string | Buffer = input;
      try {
        text = decodeXmlInput(input, m.verifyOptions?.limits);
      } catch {
        // left to verifyEdxml / parseEdxmlMessage, which refuse it with the same reason
      }
      const verification = verifyEdxml(text, m.verifyOptions);
      return { verification, document: transferable(parseEdxmlMessage(text, m.verifyOptions?.limits), transfer) };
    }
    default:
      throw new Error(`unknown edXML operation ${String((m as { op: unknown }).op)}`);
  }
}

/** Main thread's "got it, send the next slice" for a long text result, by job id. */
const acks = new Map<number, () => void>();

/**
 * A long text result (a signed 47 MB package) goes back in slices, each sent after the main thread acknowledged
 * the previous one — so the main thread never has to take in the whole string in one turn of its event loop.
 */
async function replyText(id: number, text: string): Promise<void> {
  const parts = Math.ceil(text.length / REPLY_CHUNK);
  for (let i = 0; i < parts; i++) {
    const acked = new Promise<void>((resolve) => acks.set(id, resolve));
    port!.postMessage({ id, part: text.slice(i * REPLY_CHUNK, (i + 1) * REPLY_CHUNK) } satisfies EdxmlJobPart);
    await acked;
  }
  port!.postMessage({ id, ok: true, result: null, parts } satisfies EdxmlJobReply);
}

const REPLY_CHUNK = 2 * 1024 * 1024;

port.on('message', (m: EdxmlJobRequest | EdxmlJobPart | { id: number; ack: true }) => {
  if ('ack' in m) {
    acks.get(m.id)?.();
    acks.delete(m.id);
    return;
  }
  if ('part' in m) {
    const parts = pending.get(m.id) ?? [];
    parts.push(m.part);
    pending.set(m.id, parts);
    return;
  }
  const transfer: ArrayBuffer[] = [];
  let reply: EdxmlJobReply;
  try {
    const result = run(m, transfer);
    if (typeof result === 'string' && result.length > REPLY_CHUNK) {
      void replyText(m.id, result);
      return;
    }
    reply = { id: m.id, ok: true, result };
  } catch (e) {
    const error = e instanceof EdxmlError
      ? { edxml: true, reason: e.reason, field: e.field, message: e.message }
      : { edxml: false, reason: '', message: String((e as Error)?.message ?? e).slice(0, 300) };
    reply = { id: m.id, ok: false, error };
    transfer.length = 0;
  }
  port.postMessage(reply, transfer);
});
port.postMessage({ ready: true });
