import { verifyPdfSignatures } from './crypto/pades-verify';

export interface VerificationResult {
  valid: boolean;
  modifiedAfterLastSignature: boolean;
  signatures: { signerName: string; role: 'signer' | 'agency'; signedAt: string | null; intact: boolean; problem: string | null }[];
}

/**
 * Every signature in the file with whether its signed bytes are intact. Decree 30 order: the competent person signs
 * first, the agency (văn thư) after, so the first signature is the signer's and later ones the agency's.
 */
export async function verifyPdf(pdf: Buffer): Promise<VerificationResult> {
  const report = await verifyPdfSignatures(pdf);
  return {
    valid: report.valid,
    modifiedAfterLastSignature: report.modifiedAfterLastSignature,
    signatures: report.signatures.map((s, i) => ({
      signerName: s.signerName, role: i === 0 ? 'signer' : 'agency', signedAt: s.signedAt, intact: s.intact, problem: s.problem,
    })),
  };
}
