import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { child } from './dom-read';
import { EdxmlError } from './edxml-error';
import { parseSafeXml } from './safe-xml';
import { ENVELOPED_SIGNATURE, EXC_C14N, RSA_SHA256, SHA256, signatureElements, signatureParentXpath } from './xmldsig';

export interface EdxmlSigningKey { privateKeyPem: string; certificatePem: string }

/**
 * Signs a built package with the agency key: one enveloped XMLDSig signature over the whole package (Reference
 * URI="", so the header, the manifest and every attachment byte are covered), RSA-SHA256 with SHA-256 digests,
 * exclusive canonicalization, the certificate in KeyInfo/X509Data. Placed at the end of `edXMLHeader`, where the
 * sample packages carry it. An existing signature is replaced (a package is signed by its last sender).
 */
export function signEdxml(xml: string, key: EdxmlSigningKey): string {
  const { doc, root, text } = parseSafeXml(xml);
  if (root.localName === 'edXML' && !child(child(root, 'edXMLEnvelope'), 'edXMLHeader')) {
    throw new EdxmlError('Gói tin thiếu edXMLHeader để đặt chữ ký số');
  }
  const { privateKey, certificate } = checkKey(key);
  const old = signatureElements(root);
  for (const s of old) s.parentNode?.removeChild(s);
  const unsigned = old.length ? new XMLSerializer().serializeToString(doc) : text;

  const sig = new SignedXml({
    privateKey,
    publicCert: key.certificatePem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () => keyInfoContent(certificate),
  });
  sig.addReference({ xpath: '/*', transforms: [ENVELOPED_SIGNATURE, EXC_C14N], digestAlgorithm: SHA256, isEmptyUri: true });
  try {
    sig.computeSignature(unsigned, { location: { reference: signatureParentXpath(root), action: 'append' } });
  } catch (error) {
    throw new EdxmlError(`Không ký được gói tin: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
  }
  return sig.getSignedXml();
}

function checkKey(key: EdxmlSigningKey): { privateKey: string; certificate: X509Certificate } {
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
  return { privateKey: key.privateKeyPem, certificate };
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `X509SubjectName` (RFC 4514 order, most specific first) and the certificate, as in the sample packages. */
function keyInfoContent(certificate: X509Certificate): string {
  const subject = certificate.subject.split('\n').filter(Boolean).reverse()
    .map((rdn) => rdn.replace(/([,+"\\<>;])/g, '\\$1')).join(',');
  return `<X509Data><X509SubjectName>${escapeXml(subject)}</X509SubjectName><X509Certificate>${certificate.raw.toString('base64')}</X509Certificate></X509Data>`;
}
