/**
 * Port for applying a PAdES signature (DESIGN 8). The default provider keeps PKCS#12 keys in the database, encrypted
 * with MASTER_KEY; a remote-signing provider (SmartCA-style) can replace it behind the same token later.
 */
export const SIGNATURE_PROVIDER = Symbol('SIGNATURE_PROVIDER');

export type SignerRef = { kind: 'person'; userId: string } | { kind: 'agency' };

export interface SignRequest {
  orgId: string;
  signer: SignerRef;
  /** The PDF to sign: a classic xref table; earlier signatures are kept (incremental update). */
  pdf: Buffer;
  reason: string;
  /** Name written in the signature dictionary. */
  name: string;
  location?: string;
  signingTime: Date;
}

export interface SignatureProvider {
  sign(req: SignRequest): Promise<Buffer>;
}
