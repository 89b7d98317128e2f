import { verifyPdfSignatures } from './crypto/pades-verify';

export interface VerificationResult {
  valid: boolean;
  modifiedAfterLastSignature: boolean;
  /** Revisions of the file (each incremental update ends one). */
  revisions: number;
  signatures: {
    signerName: string; role: 'signer' | 'agency'; signedAt: string | null; intact: boolean; problem: string | null;
    /** The revision this signature covers (1-based) and whether nothing was appended after it. */
    revision: number; coversWholeDocument: boolean;
  }[];
}

/**
 * Every signature in the file with whether its signed bytes are intact. Decree 30 order: the competent person signs
 * first, the agency (văn thư) after, so the first signature is the signer's and later ones the agency's.
 */
export async function verifyPdf(pdf: Buffer): Promise<VerificationResult> {
  const report = await verifyPdfSignatures(pdf);
  const ends = revisionEnds(pdf);
  return {
    valid: report.valid,
    modifiedAfterLastSignature: report.modifiedAfterLastSignature,
    revisions: ends.length,
    signatures: report.signatures.map((s, i) => ({
      signerName: s.signerName, role: i === 0 ? 'signer' : 'agency', signedAt: s.signedAt, intact: s.intact, problem: s.problem,
      revision: ends.filter((end) => end <= s.coversUntilByte).length,
      coversWholeDocument: /^[\s\0]*$/.test(pdf.subarray(s.coversUntilByte).toString('latin1')),
    })),
  };
}

/** Where each revision ends: just after each `%%EOF` marker. */
function revisionEnds(pdf: Buffer): number[] {
  const ends: number[] = [];
  for (let at = pdf.indexOf('%%EOF'); at !== -1; at = pdf.indexOf('%%EOF', at + 5)) ends.push(at + 5);
  return ends;
}
