import * as pkijs from 'pkijs';
import {
  commonName,
  distinguishedName,
  ensureCryptoEngine,
  findSignerCertificate,
  messageDigestOf,
  parseSignedData,
  signedAttributeNames,
  signerDigest,
  toArrayBuffer,
} from './cms';
import { pdfDateToIso } from './pdf-date';
import { type RawSignature, findSignatures } from './signature-dictionaries';

export interface SignatureReport {
  signerName: string;
  /** ISO 8601 with the offset written in /M, e.g. 2025-07-07T17:30:00+07:00. */
  signedAt: string | null;
  /** The digest matches the covered bytes and the signature over the signed attributes verifies. */
  intact: boolean;
  coversUntilByte: number;
  certificateSubject: string;
  subFilter: string;
  /** Names (or OIDs) of the CMS signed attributes, e.g. contentType, messageDigest, signingCertificateV2. */
  signedAttributes: string[];
  problem: string | null;
  /** The signer's certificate and every certificate the CMS carries, for chain building (signing/trust). */
  signerCertificate: pkijs.Certificate | null;
  carriedCertificates: pkijs.Certificate[];
}

export interface VerificationReport {
  valid: boolean;
  modifiedAfterLastSignature: boolean;
  signatures: SignatureReport[];
}

/** Checks integrity of every signature in the file; certificate trust and revocation are signing/trust's (verification.ts). */
export async function verifyPdfSignatures(pdf: Buffer): Promise<VerificationReport> {
  ensureCryptoEngine();
  const signatures: SignatureReport[] = [];
  for (const raw of findSignatures(pdf)) signatures.push(await verifyOne(pdf, raw));
  const last = signatures.at(-1);
  // A trailing newline after %%EOF is common and harmless; anything else is an unsigned change.
  const modifiedAfterLastSignature = last !== undefined && !/^[\s\0]*$/.test(pdf.subarray(last.coversUntilByte).toString('latin1'));
  return {
    valid: signatures.length > 0 && signatures.every((s) => s.intact) && !modifiedAfterLastSignature,
    modifiedAfterLastSignature,
    signatures,
  };
}

async function verifyOne(pdf: Buffer, raw: RawSignature): Promise<SignatureReport> {
  const [, gapStart, gapEnd, tailLength] = raw.byteRange;
  const report: SignatureReport = {
    signerName: raw.name ?? '',
    signedAt: raw.signingTime ? pdfDateToIso(raw.signingTime) : null,
    intact: false,
    coversUntilByte: gapEnd + tailLength,
    certificateSubject: '',
    subFilter: raw.subFilter,
    signedAttributes: [],
    problem: raw.byteRangeProblem,
    signerCertificate: null,
    carriedCertificates: [],
  };
  if (raw.byteRangeProblem) return report;
  const covered = Buffer.concat([pdf.subarray(0, gapStart), pdf.subarray(gapEnd, gapEnd + tailLength)]);
  try {
    const signedData = parseSignedData(raw.contents);
    const cert = findSignerCertificate(signedData);
    report.signedAttributes = signedAttributeNames(signedData);
    report.signerCertificate = cert;
    report.carriedCertificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    if (cert) {
      report.signerName = commonName(cert.subject) ?? report.signerName;
      report.certificateSubject = distinguishedName(cert.subject);
    }
    report.problem = await cmsProblem(signedData, covered, cert);
  } catch (error) {
    report.problem = `Unreadable CMS: ${(error as Error).message}`;
  }
  report.intact = report.problem === null;
  return report;
}

async function cmsProblem(signedData: pkijs.SignedData, covered: Buffer, cert: pkijs.Certificate | null): Promise<string | null> {
  if (!cert) return 'Signer certificate is not in the CMS';
  const digest = messageDigestOf(signedData);
  if (!digest) return 'CMS has no messageDigest attribute';
  const actual = signerDigest(signedData, covered);
  if (!actual) return 'Unsupported digest algorithm';
  if (!digest.equals(actual)) return 'Digest mismatch: the signed bytes were changed';
  try {
    const verified = await signedData.verify({ signer: 0, data: toArrayBuffer(covered), checkChain: false });
    return verified ? null : 'Signature value does not verify';
  } catch (error) {
    return `Signature value does not verify: ${(error as Error).message}`;
  }
}
