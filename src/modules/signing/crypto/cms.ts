import { createHash, createPrivateKey, type KeyObject, randomBytes, sign as cryptoSign, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** CMS (RFC 5652) pieces for PAdES baseline B-B signatures, on pkijs with Node's WebCrypto. */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const ATTRIBUTE_NAMES: Record<string, string> = {
  [OID.contentType]: 'contentType',
  [OID.messageDigest]: 'messageDigest',
  [OID.signingTime]: 'signingTime',
  [OID.signingCertificateV2]: 'signingCertificateV2',
};

const DN_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.1': 'UID',
};

let engineReady = false;

/** pkijs keeps one global engine; Node ≥ 20 has WebCrypto, so no polyfill is needed. */
export function ensureCryptoEngine(): void {
  if (engineReady) return;
  const crypto = webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
  pkijs.setEngine('nodeEngine', new pkijs.CryptoEngine({ name: 'nodeEngine', crypto }));
  engineReady = true;
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}

export function parseCertificate(pem: string): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(pemToDer(pem)));
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** ESS signing-certificate-v2 (RFC 5035): binds the signer certificate into the signed attributes. */
function signingCertificateV2(cert: pkijs.Certificate, certDer: Buffer): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(),
      cert.serialNumber,
    ],
  });
  // hashAlgorithm is omitted: SHA-256 is the DEFAULT, and DER forbids encoding a default value.
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certDer)) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** DER requires SET OF members sorted by their encodings; verifiers hash the bytes we send. */
function derSorted(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }));
  return encoded.sort((x, y) => Buffer.compare(x.der, y.der)).map((e) => e.a);
}

export interface CmsSignerInput {
  privateKeyPem: string;
  certificatePem: string;
  chainPems: string[];
}

/**
 * Detached CMS SignedData over `data`, SHA-256 with RSA. Signed attributes: contentType, messageDigest,
 * signingCertificateV2 and no signingTime (PAdES B-B: the time lives in the signature dictionary /M).
 *
 * For one key, every such CMS has the same bytes except two fixed-length fields: the 32-byte messageDigest and the
 * RSA signature (always the modulus length). So the first signature with a key is built by pkijs with a random
 * marker digest and kept as a template; later ones copy it, write the digest, and sign the signed attributes
 * (their DER with the SET tag, as RFC 5652 §5.4 requires) with node:crypto. A template is only used after it
 * reproduced pkijs's own signature byte for byte (PKCS#1 v1.5 is deterministic); otherwise every signature with
 * that key is built by pkijs. This replaced ~3 ms of asn1js/pkijs work per signature with ~0.4 ms.
 */
export async function createPadesCms(data: Uint8Array, signer: CmsSignerInput): Promise<Buffer> {
  const digest = sha256(data);
  const p = preparedSigner(signer);
  const template = await p.template;
  return template ? fromTemplate(template, digest) : (await buildWithPkijs(p, digest)).der;
}

/** What a signer needs that does not depend on the document: prepared once per key object. */
interface PreparedSigner {
  cert: pkijs.Certificate;
  certDer: Buffer;
  chain: pkijs.Certificate[];
  cryptoKey: Promise<webcrypto.CryptoKey>;
  keyObject: KeyObject;
  /** null: pkijs builds every signature for this key. */
  template: Promise<CmsTemplate | null>;
}

interface CmsTemplate {
  der: Buffer;
  digestAt: number;
  attrsAt: number;
  attrsLength: number;
  signatureAt: number;
  signatureLength: number;
  keyObject: KeyObject;
}

const preparedSigners = new WeakMap<CmsSignerInput, PreparedSigner>();

/**
 * Certificates parsed and the key imported once per key object, not per signature. Callers keep one SigningKey per
 * key row (SigningKeysService caches them by key id, the PDF worker threads by the pool's key id), so a WeakMap on
 * the object is exact: a replaced key is a new object and a dropped one is collected with its entry.
 */
function preparedSigner(signer: CmsSignerInput): PreparedSigner {
  let p = preparedSigners.get(signer);
  if (p) return p;
  ensureCryptoEngine();
  const certDer = pemToDer(signer.certificatePem);
  const keyObject = createPrivateKey(signer.privateKeyPem);
  const cryptoKey = importSigningKey(keyObject);
  const prepared: PreparedSigner = {
    cert: pkijs.Certificate.fromBER(toArrayBuffer(certDer)), certDer, chain: signer.chainPems.map(parseCertificate), cryptoKey, keyObject,
    template: Promise.resolve(null),
  };
  prepared.template = buildTemplate(prepared).catch(() => null);
  preparedSigners.set(signer, prepared);
  // A key that cannot be imported is not remembered: the next signature reports the same error afresh.
  cryptoKey.catch(() => {
    if (preparedSigners.get(signer) === prepared) preparedSigners.delete(signer);
  });
  return prepared;
}

async function buildWithPkijs(p: PreparedSigner, digest: Buffer): Promise<{ der: Buffer; signature: Buffer; signedAttrs: Buffer }> {
  const { cert, certDer, chain } = p;
  const attributes = derSorted([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(cert, certDer)] }),
  ]);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [signerInfo],
    certificates: [cert, ...chain],
  });
  await signedData.sign(await p.cryptoKey, 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return {
    der: Buffer.from(contentInfo.toSchema().toBER()),
    signature: Buffer.from(signerInfo.signature.valueBlock.valueHexView),
    signedAttrs: Buffer.from(signerInfo.signedAttrs?.toSchema().toBER() ?? new ArrayBuffer(0)),
  };
}

/** Builds one CMS with a random marker digest, locates the variable fields and checks the splice reproduces it. */
async function buildTemplate(p: PreparedSigner): Promise<CmsTemplate | null> {
  const marker = randomBytes(32);
  const built = await buildWithPkijs(p, marker);
  const { der, signature, signedAttrs } = built;
  const unique = (needle: Buffer) => (needle.length > 0 && der.indexOf(needle) === der.lastIndexOf(needle) ? der.indexOf(needle) : -1);
  const template: CmsTemplate = {
    der, digestAt: unique(marker), attrsAt: unique(signedAttrs), attrsLength: signedAttrs.length,
    signatureAt: unique(signature), signatureLength: signature.length, keyObject: p.keyObject,
  };
  const { digestAt, attrsAt, attrsLength, signatureAt } = template;
  if (digestAt === -1 || attrsAt === -1 || signatureAt === -1 || digestAt < attrsAt || digestAt + 32 > attrsAt + attrsLength) return null;
  return fromTemplate(template, marker).equals(der) ? template : null;
}

function fromTemplate(t: CmsTemplate, digest: Buffer): Buffer {
  const out = Buffer.from(t.der);
  digest.copy(out, t.digestAt);
  const toSign = Buffer.from(out.subarray(t.attrsAt, t.attrsAt + t.attrsLength));
  toSign[0] = 0x31; // signed as SET OF, stored as [0] IMPLICIT
  const signature = cryptoSign('sha256', toSign, t.keyObject);
  if (signature.length !== t.signatureLength) throw new Error('RSA signature length differs from the CMS template');
  signature.copy(out, t.signatureAt);
  return out;
}

async function importSigningKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
}

/** Parses a CMS ContentInfo; trailing zero padding (the /Contents placeholder) is ignored. */
export function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const parsed = asn1js.fromBER(toArrayBuffer(der));
  if (parsed.offset === -1) throw new Error(`CMS is not valid BER: ${parsed.result.error}`);
  const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
  if (contentInfo.contentType !== OID.signedData) throw new Error(`CMS content is not SignedData (${contentInfo.contentType})`);
  return new pkijs.SignedData({ schema: contentInfo.content });
}

export function signedAttributeNames(signedData: pkijs.SignedData): string[] {
  const attrs = signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];
  return attrs.map((a) => ATTRIBUTE_NAMES[a.type] ?? a.type);
}

export function messageDigestOf(signedData: pkijs.SignedData): Buffer | null {
  const attr = signedData.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === OID.messageDigest);
  const value = attr?.values[0] as asn1js.OctetString | undefined;
  return value ? Buffer.from(value.valueBlock.valueHexView) : null;
}

/** Digest of `data` with the signer's digest algorithm; null when the algorithm is unknown. */
export function signerDigest(signedData: pkijs.SignedData, data: Uint8Array): Buffer | null {
  const algorithm = DIGESTS[signedData.signerInfos[0]?.digestAlgorithm.algorithmId ?? ''];
  return algorithm ? createHash(algorithm).update(data).digest() : null;
}

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Finds the signer's certificate by issuer and serial, or by subject key identifier (SHA-1 of the key). */
export function findSignerCertificate(signedData: pkijs.SignedData): pkijs.Certificate | null {
  const sid = signedData.signerInfos[0]?.sid;
  const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  }
  const keyIdBlock = sid?.idBlock?.isConstructed ? sid.valueBlock.value[0] : sid;
  const keyId = keyIdBlock?.valueBlock?.valueHexView ? Buffer.from(keyIdBlock.valueBlock.valueHexView) : null;
  if (!keyId) return null;
  return (
    certs.find((c) => {
      const spk = c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
      return createHash('sha1').update(spk).digest().equals(keyId);
    }) ?? null
  );
}

export function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((tv) => `${DN_NAMES[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`).join(', ');
}

export function commonName(name: pkijs.RelativeDistinguishedNames): string | null {
  const cn = name.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return cn ? String(cn.value.valueBlock.value) : null;
}
