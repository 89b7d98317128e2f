import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';

export interface SigningKey {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  certificatePem: string;
  /** The other certificates in the file (issuers), signer's excluded. */
  chainPems: string[];
  subjectCommonName: string;
}

export class Pkcs12InvalidError extends Error {
  override readonly name = 'Pkcs12InvalidError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Reads a PKCS#12 (.p12/.pfx) with one RSA key, as written by OpenSSL 3 defaults, forge or Windows. */
export function parsePkcs12(p12: Buffer, password: string): SigningKey {
  const pfx = readPfx(p12, password);
  const key = findPrivateKey(pfx);
  const certs = certBags(pfx);
  const signerIndex = certs.findIndex((c) => matchesKey(c, key));
  if (signerIndex === -1) throw new Pkcs12InvalidError('The PKCS#12 file has no certificate for its private key');
  const signer = certs[signerIndex];
  return {
    privateKeyPem: toPkcs8Pem(key),
    certificatePem: forge.pki.certificateToPem(signer),
    chainPems: certs.filter((_, i) => i !== signerIndex).map((c) => forge.pki.certificateToPem(c)),
    subjectCommonName: fieldText(signer.subject.getField('CN')) ?? '',
  };
}

function readPfx(p12: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  } catch (error) {
    throw new Pkcs12InvalidError('Not a PKCS#12 file', { cause: error });
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = (error as Error).message;
    if (/password|MAC could not be verified/i.test(message)) {
      throw new Pkcs12InvalidError('Wrong password for the PKCS#12 file', { cause: error });
    }
    throw new Pkcs12InvalidError(`Unreadable PKCS#12 file: ${message}`, { cause: error });
  }
}

function findPrivateKey(pfx: forge.pkcs12.Pkcs12Pfx): forge.pki.rsa.PrivateKey {
  const bags = [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag].flatMap(
    (bagType) => pfx.getBags({ bagType })[bagType] ?? [],
  );
  if (bags.length === 0) throw new Pkcs12InvalidError('The PKCS#12 file contains no private key');
  if (bags.length > 1) throw new Pkcs12InvalidError('The PKCS#12 file contains more than one private key');
  // forge leaves `key` null for key types it cannot read (EC, Ed25519).
  const key = bags[0].key as forge.pki.rsa.PrivateKey | null | undefined;
  if (!key) throw new Pkcs12InvalidError('Only RSA keys are supported');
  return key;
}

function certBags(pfx: forge.pkcs12.Pkcs12Pfx): forge.pki.Certificate[] {
  const bagType = forge.pki.oids.certBag;
  return (pfx.getBags({ bagType })[bagType] ?? []).flatMap((bag) => (bag.cert ? [bag.cert] : []));
}

function matchesKey(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): boolean {
  const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
  return publicKey.n !== undefined && publicKey.n.equals(key.n) && publicKey.e.equals(key.e);
}

function toPkcs8Pem(key: forge.pki.rsa.PrivateKey): string {
  return createPrivateKey(forge.pki.privateKeyToPem(key)).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** forge returns UTF8String values as raw UTF-8 bytes. */
export function fieldText(field: { value?: unknown; valueTagClass?: unknown } | null): string | null {
  if (!field || typeof field.value !== 'string') return null;
  return field.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(field.value) : field.value;
}
