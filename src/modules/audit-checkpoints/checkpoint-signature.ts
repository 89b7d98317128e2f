import { findSignerCertificate, messageDigestOf, parseSignedData, pemToDer, signerDigest, toArrayBuffer, ensureCryptoEngine } from '../signing/crypto/cms';

/**
 * Checks a checkpoint's detached CMS over its payload: the digest, the signature value, and that the certificate in
 * the CMS is the one stored with the checkpoint. Returns why it fails, or null.
 */
export async function checkpointSignatureProblem(payload: string, signatureB64: string, certificatePem: string): Promise<string | null> {
  ensureCryptoEngine();
  const data = Buffer.from(payload, 'utf8');
  try {
    const signedData = parseSignedData(Buffer.from(signatureB64, 'base64'));
    const cert = findSignerCertificate(signedData);
    if (!cert) return 'signer certificate missing from the signature';
    if (!Buffer.from(cert.toSchema().toBER()).equals(pemToDer(certificatePem))) return 'signature made with another certificate than the one stored';
    const digest = messageDigestOf(signedData);
    const actual = signerDigest(signedData, data);
    if (!digest || !actual || !digest.equals(actual)) return 'signature does not cover this payload';
    const ok = await signedData.verify({ signer: 0, data: toArrayBuffer(data), checkChain: false });
    return ok ? null : 'signature value does not verify';
  } catch (error) {
    return `unreadable signature: ${(error as Error).message}`;
  }
}
