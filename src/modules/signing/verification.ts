import { verifyPdfSignatures } from './crypto/pades-verify';
import { evaluateTrust, type Revocation } from './trust/chain';
import type { TrustStore } from './trust/trust-store';

export interface SignatureVerdict {
  signerName: string;
  role: 'signer' | 'agency';
  signedAt: string | null;
  /** The covered bytes and the signature value check out. */
  intact: boolean;
  /** The revision of the file this signature covers (1-based; each incremental update ends one). */
  revision: number;
  /** The signature covers every byte of the file (only the last one can). */
  coversWholeDocument: boolean;
  /** The signer's certificate chains to a trusted root, was valid at the signing time and allows signing. */
  trusted: boolean;
  /** Subject names from the signer up to the trusted root (or as far as the chain goes). */
  chain: string[];
  revocation: Revocation;
  /** Bytes were added after this signature (by a later revision). */
  modifiedAfter: boolean;
  problem: string | null;
}

export interface VerificationResult {
  /** Every signature intact, trusted and not revoked, and nothing added after the last one. */
  valid: boolean;
  modifiedAfterLastSignature: boolean;
  /** Revisions of the file (each incremental update ends one). */
  revisions: number;
  signatures: SignatureVerdict[];
}

const ONLY_WHITESPACE = /^[\s\0]*$/;

/**
 * Every signature in the file: integrity, certificate chain to the trust store, revocation from the offline CRLs.
 * Decree 30 order: the competent person signs first, the agency (văn thư) after, so the first signature is the
 * signer's and later ones the agency's. Later revisions are allowed only when a later trusted signature covers them
 * (the issue number and date are written between the two signatures); anything after the last signature voids it.
 */
export async function verifyPdf(pdf: Buffer, store: TrustStore): Promise<VerificationResult> {
  const report = await verifyPdfSignatures(pdf);
  const ends = revisionEnds(pdf);
  const signatures: SignatureVerdict[] = [];
  for (const [i, s] of report.signatures.entries()) {
    const at = s.signedAt ? new Date(s.signedAt) : new Date();
    const trust = s.intact && s.signerCertificate
      ? await evaluateTrust(s.signerCertificate, s.carriedCertificates, store, Number.isNaN(at.getTime()) ? new Date() : at)
      : { trusted: false, chain: [], revocation: 'unknown' as const, problem: null };
    const modifiedAfter = !ONLY_WHITESPACE.test(pdf.subarray(s.coversUntilByte).toString('latin1'));
    signatures.push({
      signerName: s.signerName, role: i === 0 ? 'signer' : 'agency', signedAt: s.signedAt, intact: s.intact, revision: ends.filter((end) => end <= s.coversUntilByte).length,
      coversWholeDocument: !modifiedAfter, trusted: trust.trusted, chain: trust.chain, revocation: trust.revocation, modifiedAfter,
      problem: s.problem ?? trust.problem,
    });
  }
  const valid = signatures.length > 0 && !report.modifiedAfterLastSignature
    && signatures.every((s) => s.intact && s.trusted && s.revocation !== 'revoked');
  return { valid, modifiedAfterLastSignature: report.modifiedAfterLastSignature, revisions: ends.length, signatures };
}

/** Where each revision ends: just after each `%%EOF` marker. */
function revisionEnds(pdf: Buffer): number[] {
  const ends: number[] = [];
  for (let at = pdf.indexOf('%%EOF'); at !== -1; at = pdf.indexOf('%%EOF', at + 5)) ends.push(at + 5);
  return ends;
}
