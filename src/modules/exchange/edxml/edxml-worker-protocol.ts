import type { XmlLimits } from './safe-xml';
import type { EdxmlSigningKey } from './sign-edxml';
import type { VerifyOptions } from './verify-edxml';

/** Messages between EdxmlWorkerPool (edxml-worker-pool.ts) and its worker (edxml-offthread-worker.ts). */

export type EdxmlOp = 'verify' | 'parse' | 'parseStatus' | 'detect' | 'sign' | 'verifyAndParse';

export interface EdxmlJobRequest {
  id: number;
  op: EdxmlOp;
  /** Text as is (structured clone); bytes as a Uint8Array whose ArrayBuffer is transferred. */
  input: string | Uint8Array;
  limits?: XmlLimits;
  verifyOptions?: VerifyOptions;
  key?: EdxmlSigningKey;
}

export interface EdxmlJobError {
  /** true when the library threw an EdxmlError (reason and field are its own). */
  edxml: boolean;
  reason: string;
  field?: string;
  message: string;
}

export type EdxmlJobReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: EdxmlJobError };
