import type { Element } from '@xmldom/xmldom';
import { X509Certificate } from 'node:crypto';
import { child, children, textOf } from './dom-read';
import { digestOf, digestValueOf, isCanonicalization, referenceBytes, sameDigest, signatureMatches, signedInfoBytes, transformsOf } from './xmldsig-core';
import { EdxmlError } from './edxml-error';
import { parseSafeXml, type XmlLimits } from './safe-xml';
import {
  CANONICALIZATIONS, ENVELOPED_SIGNATURE, SHA1_DIGEST_METHOD, SHA1_SIGNATURE_METHOD, signatureElements, STRONG_DIGEST_METHODS,
  STRONG_SIGNATURE_METHODS, XMLDSIG_NS,
} from './xmldsig';

export interface EdxmlVerification {
  valid: boolean;
  /** Why not, in Vietnamese (fit for a status 02). */
  reason?: string;
  /** The signer's certificate from KeyInfo. Whether it is TRUSTED is the caller's decision (trust store, revocation). */
  certificatePem?: string;
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
}

export interface VerifyOptions {
  /** Accept RSA-SHA1 / SHA-1 (the VPCP SDK sample still uses them). Default true. */
  allowSha1?: boolean;
  limits?: XmlLimits;
}

const refuse = (reason: string, extra: Partial<EdxmlVerification> = {}): EdxmlVerification => ({ valid: false, reason, ...extra });

/**
 * ⚠️ The national SDK's sample package shows its Signature without the XMLDSig namespace and with the transform URI
 * `http://www.w3.org/TR/xml-exc-c14n#` (not a registered algorithm); we read those as a hand-edited sample and require
 * standard XMLDSig. If a real axis package fails only on these two points, relax them here (with a test).
 *
 * Checks the package's XML signature: exactly one XMLDSig `Signature`, inside the header, with one Reference to the
 * whole package (URI="", enveloped) — so nothing outside the signature element can be changed unnoticed —, accepted
 * algorithms, and a digest and signature value that match the certificate in KeyInfo. Never throws. The digest and
 * the signature value are computed on the DOM already parsed here (xmldsig-core.ts explains why not SignedXml).
 */
export function verifyEdxml(xml: string | Buffer, options: VerifyOptions = {}): EdxmlVerification {
  try {
    return verify(xml, options);
  } catch (error) {
    if (error instanceof EdxmlError) return refuse(error.reason);
    return refuse(`Không kiểm tra được chữ ký số: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`);
  }
}

function verify(xml: string | Buffer, options: VerifyOptions): EdxmlVerification {
  const { doc, root } = parseSafeXml(xml, options.limits);
  const signatures = signatureElements(root);
  if (signatures.length === 0) return refuse('Gói tin không có chữ ký số (Signature)');
  if (signatures.length > 1) return refuse('Gói tin có nhiều hơn một chữ ký số');
  const signature = signatures[0];
  if (signature.namespaceURI !== XMLDSIG_NS) return refuse('Chữ ký số không theo chuẩn XMLDSig (sai không gian tên)');
  const parent = signature.parentNode as Element | null;
  if (!parent || !['edXMLHeader', 'Header'].includes(parent.localName ?? '')) return refuse('Chữ ký số không nằm ở phần đầu gói tin (edXMLHeader)');

  const signedInfos = children(signature, 'SignedInfo');
  if (signedInfos.length !== 1) return refuse('Chữ ký số phải có đúng một phần SignedInfo');
  const signedInfo = signedInfos[0];
  const references = children(signedInfo, 'Reference');
  if (references.length !== 1) return refuse('Chữ ký số phải có đúng một tham chiếu tới toàn bộ gói tin');
  const reference = references[0];
  if (!reference.hasAttribute('URI') || reference.getAttribute('URI') !== '') return refuse('Chữ ký số không bao trùm toàn bộ gói tin (URI của Reference phải rỗng)');
  const transformList = transformsOf(reference);
  const transforms = transformList.map((t) => t.algorithm);
  if (!transforms.includes(ENVELOPED_SIGNATURE) || transforms.some((t) => t !== ENVELOPED_SIGNATURE && !CANONICALIZATIONS.includes(t))) {
    return refuse('Chữ ký số dùng phép biến đổi không được chấp nhận');
  }
  const signatureAlgorithm = child(signedInfo, 'SignatureMethod')?.getAttribute('Algorithm') ?? '';
  const digestAlgorithm = child(reference, 'DigestMethod')?.getAttribute('Algorithm') ?? '';
  const allowSha1 = options.allowSha1 ?? true;
  const algorithms = { signatureAlgorithm, digestAlgorithm };
  if (!STRONG_SIGNATURE_METHODS.includes(signatureAlgorithm) && !(allowSha1 && signatureAlgorithm === SHA1_SIGNATURE_METHOD)) {
    return refuse(`Thuật toán chữ ký không được chấp nhận: ${signatureAlgorithm || 'không ghi'}`, algorithms);
  }
  if (!STRONG_DIGEST_METHODS.includes(digestAlgorithm) && !(allowSha1 && digestAlgorithm === SHA1_DIGEST_METHOD)) {
    return refuse(`Thuật toán băm không được chấp nhận: ${digestAlgorithm || 'không ghi'}`, algorithms);
  }

  const certBase64 = textOf(child(child(child(signature, 'KeyInfo'), 'X509Data'), 'X509Certificate'))?.replace(/\s+/g, '');
  if (!certBase64) return refuse('Chữ ký số không kèm chứng thư số (X509Certificate)', algorithms);
  let certificatePem: string;
  try {
    certificatePem = new X509Certificate(Buffer.from(certBase64, 'base64')).toString();
  } catch {
    return refuse('Chứng thư số kèm theo chữ ký không đọc được', algorithms);
  }
  const result = { certificatePem, ...algorithms };

  let referenced: string;
  try {
    referenced = referenceBytes(doc, signature, transformList);
  } catch {
    return refuse('Chữ ký số dùng phép biến đổi không được chấp nhận', result);
  }
  if (!sameDigest(digestOf(referenced, digestAlgorithm), digestValueOf(reference))) {
    return refuse('Nội dung gói tin đã bị thay đổi sau khi ký (giá trị băm không khớp)', result);
  }
  const canonicalization = child(signedInfo, 'CanonicalizationMethod')?.getAttribute('Algorithm') ?? '';
  if (!isCanonicalization(canonicalization)) return refuse(`Phương pháp chuẩn hóa chữ ký không được chấp nhận: ${canonicalization || 'không ghi'}`, result);
  const signatureValue = textOf(child(signature, 'SignatureValue')) ?? '';
  if (!signatureMatches(signedInfoBytes(doc, signedInfo, canonicalization), signatureAlgorithm, certificatePem, signatureValue)) {
    return refuse('Giá trị chữ ký số không khớp với chứng thư số (chữ ký bị sửa hoặc ký bằng khóa khác)', result);
  }
  return { valid: true, ...result };
}
