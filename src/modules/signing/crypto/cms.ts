import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
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
 */
export async function createPadesCms(data: Uint8Array, signer: CmsSignerInput): Promise<Buffer> {
  ensureCryptoEngine();
  const certDer = pemToDer(signer.certificatePem);
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
  const chain = signer.chainPems.map(parseCertificate);
  const attributes = derSorted([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(data)) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(cert, certDer)] }),
  ]);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [cert, ...chain],
  });
  await signedData.sign(await importSigningKey(signer.privateKeyPem), 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER());
}

async function importSigningKey(privateKeyPem: string): Promise<webcrypto.CryptoKey> {
  const pkcs8 = createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'der' });
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
