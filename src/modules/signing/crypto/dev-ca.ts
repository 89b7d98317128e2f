import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** Development certificate authority for demo wards. Certificates are untrusted outside this deployment. */

export interface KeyAndCertificate {
  certPem: string;
  keyPem: string;
}

export interface DevCaSubject {
  commonName: string;
  organization: string;
}

export interface CertificateSubject {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  title?: string;
  email?: string;
  kind: 'person' | 'agency';
}

export interface Pkcs12Input {
  keyPem: string;
  certPem: string;
  chainPems: string[];
  password: string;
  friendlyName: string;
}

const CA_YEARS = 10;
const DEV_NOT_BEFORE = Date.UTC(2020, 0, 1);
const LEAF_YEARS = 3;
/** id-kp-documentSigning (RFC 9336). */
const DOCUMENT_SIGNING_OID = '1.3.6.1.5.5.7.3.36';

/** forge's pure-JS RSA key generation takes seconds; Node's native one takes milliseconds. */
function generateRsaKey(): { keyPem: string; privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { keyPem: privateKey, privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/**
 * forge writes PrintableString unless told otherwise, which cannot hold Vietnamese names.
 * (@types/node-forge types valueTagClass as an ASN.1 class, hence the cast.)
 */
function utf8Field(field: { shortName?: string; name?: string; value: string }): forge.pki.CertificateField {
  return { ...field, valueTagClass: forge.asn1.Type.UTF8 } as unknown as forge.pki.CertificateField;
}

function subjectAttributes(s: Omit<CertificateSubject, 'kind' | 'email'>): forge.pki.CertificateField[] {
  const attrs: forge.pki.CertificateField[] = [{ shortName: 'C', value: 'VN' }];
  if (s.organization) attrs.push(utf8Field({ shortName: 'O', value: s.organization }));
  if (s.organizationalUnit) attrs.push(utf8Field({ shortName: 'OU', value: s.organizationalUnit }));
  if (s.title) attrs.push(utf8Field({ name: 'title', value: s.title }));
  attrs.push(utf8Field({ shortName: 'CN', value: s.commonName }));
  return attrs;
}

/**
 * forge keeps parsed UTF8String values as raw UTF-8 bytes but encodes them again on write; decode first
 * or a Vietnamese CA name would be double-encoded and the issuer would not match the CA subject.
 */
function reencodable(attrs: forge.pki.CertificateField[]): forge.pki.CertificateField[] {
  return attrs.map((a) => {
    const tag = (a as { valueTagClass?: number }).valueTagClass;
    return tag === forge.asn1.Type.UTF8 ? { ...a, value: forge.util.decodeUtf8(String(a.value)) } : a;
  });
}

function newCertificate(publicKey: forge.pki.rsa.PublicKey, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: clear the top bit so the DER INTEGER is not read as negative.
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x10;
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  // Backdated: demo data and tests sign with business dates in the past (a frozen clock), and verification checks
  // validity at the signing time. Only a development CA does this; it is trusted only where TRUST_DEV_CA says so.
  cert.validity.notBefore = new Date(DEV_NOT_BEFORE);
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setUTCFullYear(cert.validity.notAfter.getUTCFullYear() + years);
  return cert;
}

export function createDevCa(subject: DevCaSubject): KeyAndCertificate {
  const key = generateRsaKey();
  const cert = newCertificate(key.publicKey, CA_YEARS);
  const name = subjectAttributes(subject);
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.keyPem };
}

export function issueCertificate(ca: KeyAndCertificate, subject: CertificateSubject): KeyAndCertificate {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const key = generateRsaKey();
  const cert = newCertificate(key.publicKey, LEAF_YEARS);
  const organization = subject.organization ?? (subject.kind === 'agency' ? subject.commonName : undefined);
  cert.setSubject(subjectAttributes({ ...subject, organization }));
  cert.setIssuer(reencodable(caCert.subject.attributes));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true, [DOCUMENT_SIGNING_OID]: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...(subject.email ? [{ name: 'subjectAltName', altNames: [{ type: 1, value: subject.email }] }] : []),
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.keyPem };
}

/** AES-256-CBC with PBKDF2-HMAC-SHA256 for the key (as OpenSSL 3 writes it); OpenSSL and forge read it. */
export function toPkcs12(input: Pkcs12Input): Buffer {
  const key = forge.pki.privateKeyFromPem(input.keyPem);
  const certs = [input.certPem, ...input.chainPems].map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, input.password, {
    algorithm: 'aes256',
    prfAlgorithm: 'sha256',
    count: 2048,
    friendlyName: input.friendlyName,
  } as Parameters<typeof forge.pkcs12.toPkcs12Asn1>[3]);
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
