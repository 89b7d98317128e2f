import type { EdxmlDocument, EdxmlStatus } from './edxml.types';
import type { XmlLimits } from './safe-xml';
import type { EdxmlSigningKey } from './sign-edxml';
import type { VerifyOptions } from './verify-edxml';

/** Messages between EdxmlWorkerPool (edxml-worker-pool.ts) and its worker (edxml-offthread-worker.ts). */

export type EdxmlOp = 'verify' | 'parse' | 'parseStatus' | 'detect' | 'sign' | 'verifyAndParse' | 'buildSign';

export interface EdxmlJobRequest {
  id: number;
  op: EdxmlOp;
  /** The package arrived before this message as `parts` EdxmlJobPart messages of the same id, to be joined. */
  parts: number;
  limits?: XmlLimits;
  verifyOptions?: VerifyOptions;
  key?: EdxmlSigningKey;
  /** buildSign: the model to build (a document's attachment bytes as transferred Uint8Arrays) and sign with `key`. */
  model?: { kind: 'document'; value: EdxmlDocument } | { kind: 'status'; value: EdxmlStatus };
}

/** A slice of the package: text (joined) or bytes (a transferred ArrayBuffer, concatenated). */
export interface EdxmlJobPart { id: number; part: string | Uint8Array }

export interface EdxmlJobError {
  /** true when the library threw an EdxmlError (reason and field are its own). */
  edxml: boolean;
  reason: string;
  field?: string;
  message: string;
}

export type EdxmlJobReply =
  /** `parts`: the result is the text of that many EdxmlJobPart messages received (and acknowledged) before this one. */
  | { id: number; ok: true; result: unknown; parts?: number }
  | { id: number; ok: false; error: EdxmlJobError };
