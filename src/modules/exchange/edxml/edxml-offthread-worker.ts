import { parentPort } from 'node:worker_threads';
import { detectMessageKind } from './detect-kind';
import { EdxmlError } from './edxml-error';
import type { EdxmlDocument } from './edxml.types';
import { parseEdxmlMessage } from './parse-message';
import { parseStatusMessage } from './parse-status';
import { decodeXmlInput } from './safe-xml';
import { signEdxml } from './sign-edxml';
import { verifyEdxml } from './verify-edxml';
import type { EdxmlJobRequest, EdxmlJobReply } from './edxml-worker-protocol';

/**
 * Worker thread entry (compiled: edxml-offthread-worker.js) for EdxmlWorkerPool: runs the synchronous edXML library
 * functions on one package at a time. Input bytes arrive as a transferred Uint8Array; attachment bytes of a parsed
 * package go back transferred too (never copied through the structured clone).
 */
const port = parentPort;
if (!port) throw new Error('edxml-offthread-worker must run in a worker thread');

function inputOf(m: EdxmlJobRequest): string | Buffer {
  return typeof m.input === 'string' ? m.input : Buffer.from(m.input.buffer, m.input.byteOffset, m.input.byteLength);
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

port.on('message', (m: EdxmlJobRequest) => {
  const transfer: ArrayBuffer[] = [];
  let reply: EdxmlJobReply;
  try {
    reply = { id: m.id, ok: true, result: run(m, transfer) };
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
