import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { child } from './dom-read';
import { EdxmlError } from './edxml-error';
import { parseSafeXml } from './safe-xml';
import { ENVELOPED_SIGNATURE, EXC_C14N, RSA_SHA256, SHA256, signatureElements, XMLDSIG_NS } from './xmldsig';
import { digestOf, referenceBytes, signBytes, signedInfoBytes } from './xmldsig-core';

export interface EdxmlSigningKey { privateKeyPem: string; certificatePem: string }

const TRANSFORMS = [ENVELOPED_SIGNATURE, EXC_C14N];

/**
 * Signs a built package with the agency key: one enveloped XMLDSig signature over the whole package (Reference
 * URI="", so the header, the manifest and every attachment byte are covered), RSA-SHA256 with SHA-256 digests,
 * exclusive canonicalization, the certificate and its subject in KeyInfo/X509Data. Placed at the end of
 * `edXMLHeader` (SOAP `Header` for a SOAP-wrapped status), where the sample packages carry it. An existing signature
 * is replaced (a package is signed by its last sender). Computed on our DOM (see xmldsig-core.ts for why).
 */
export function signEdxml(xml: string, key: EdxmlSigningKey): string {
  const { doc, root } = parseSafeXml(xml);
  const parent = root.localName === 'Envelope' ? child(root, 'Header') : child(child(root, 'edXMLEnvelope'), 'edXMLHeader');
  if (!parent) throw new EdxmlError('Gói tin thiếu edXMLHeader để đặt chữ ký số');
  const { certificate } = checkKey(key);
  for (const old of signatureElements(root)) old.parentNode?.removeChild(old);

  const digest = digestOf(referenceBytes(doc, null, TRANSFORMS.map((algorithm) => ({ algorithm }))), SHA256).toString('base64');
  const ds = (p: Element, name: string, attrs: Record<string, string> = {}, text?: string): Element => {
    const e = doc.createElementNS(XMLDSIG_NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.appendChild(doc.createTextNode(text));
    p.appendChild(e);
    return e;
  };
  const signature = ds(parent, 'Signature', { xmlns: XMLDSIG_NS });
  const signedInfo = ds(signature, 'SignedInfo');
  ds(signedInfo, 'CanonicalizationMethod', { Algorithm: EXC_C14N });
  ds(signedInfo, 'SignatureMethod', { Algorithm: RSA_SHA256 });
  const reference = ds(signedInfo, 'Reference', { URI: '' });
  const transforms = ds(reference, 'Transforms');
  for (const t of TRANSFORMS) ds(transforms, 'Transform', { Algorithm: t });
  ds(reference, 'DigestMethod', { Algorithm: SHA256 });
  ds(reference, 'DigestValue', {}, digest);
  const value = ds(signature, 'SignatureValue');
  const x509 = ds(ds(signature, 'KeyInfo'), 'X509Data');
  ds(x509, 'X509SubjectName', {}, subjectName(certificate));
  ds(x509, 'X509Certificate', {}, certificate.raw.toString('base64'));
  value.appendChild(doc.createTextNode(signBytes(signedInfoBytes(doc, signedInfo, EXC_C14N), RSA_SHA256, key.privateKeyPem)));
  return serialize(doc);
}

function serialize(doc: Document): string {
  const out = new XMLSerializer().serializeToString(doc);
  return out.startsWith('<?xml') ? out : `<?xml version="1.0" encoding="UTF-8"?>\n${out}`;
}

function checkKey(key: EdxmlSigningKey): { certificate: X509Certificate } {
  let certificate: X509Certificate;
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    certificate = new X509Certificate(key?.certificatePem ?? '');
  } catch {
    throw new EdxmlError('Chứng thư số của cơ quan không đọc được', 'certificatePem');
  }
  try {
    privateKey = createPrivateKey(key.privateKeyPem);
  } catch {
    throw new EdxmlError('Khóa ký của cơ quan không đọc được', 'privateKeyPem');
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw new EdxmlError('Khóa ký phải là khóa RSA', 'privateKeyPem');
  const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const fromCert = certificate.publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) throw new EdxmlError('Chứng thư số không khớp với khóa ký', 'certificatePem');
  return { certificate };
}

/** RFC 4514 order (most specific first), as in the sample packages' `X509SubjectName`. */
function subjectName(certificate: X509Certificate): string {
  return certificate.subject.split('\n').filter(Boolean).reverse().map((rdn) => rdn.replace(/([,+"\\<>;])/g, '\\$1')).join(',');
}
