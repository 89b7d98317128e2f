import forge from 'node-forge';
import { generateKeyPairSync } from 'node:crypto';
import { parseCertificate } from '../crypto/cms';
import { createDevCa, issueCertificate, type KeyAndCertificate } from '../crypto/dev-ca';
import { evaluateTrust } from './chain';
import { anchorFromPem, type TrustStore } from './trust-store';

const AT = new Date('2025-07-07T03:30:00Z');
const store = (...roots: KeyAndCertificate[]): TrustStore => ({ anchors: roots.map((r) => anchorFromPem(r.certPem, 'test')), crls: [] });

/** A leaf with chosen key usage and validity, signed by `ca` (forge, as a certification authority would). */
function leafWith(ca: KeyAndCertificate, o: { keyUsage: Record<string, boolean>; notBefore: Date; notAfter: Date }): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '0badc0de01';
  cert.validity.notBefore = o.notBefore;
  cert.validity.notAfter = o.notAfter;
  cert.setSubject([{ shortName: 'CN', value: 'Nguoi ky' }]);
  cert.setIssuer(caCert.subject.attributes.map((a) => ((a as { valueTagClass?: number }).valueTagClass === forge.asn1.Type.UTF8 ? { ...a, value: forge.util.decodeUtf8(String(a.value)) } : a)));
  cert.setExtensions([{ name: 'keyUsage', critical: true, ...o.keyUsage }]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

describe('certificate chain evaluation', () => {
  const root = createDevCa({ commonName: 'Gốc thử nghiệm', organization: 'Thử nghiệm' });
  const leaf = issueCertificate(root, { commonName: 'Chủ tịch A', organization: 'UBND phường Tây Tựu', kind: 'person' });

  it('trusts a leaf whose issuer is a trusted root, naming the chain; revocation stays "unknown" without a CRL', async () => {
    const v = await evaluateTrust(parseCertificate(leaf.certPem), [parseCertificate(root.certPem)], store(root), AT);
    expect(v).toEqual({ trusted: true, chain: ['Chủ tịch A', 'Gốc thử nghiệm'], revocation: 'unknown', problem: null });
  });

  it('does not trust a look-alike root: same name, another key', async () => {
    const lookAlike = createDevCa({ commonName: 'Gốc thử nghiệm', organization: 'Thử nghiệm' });
    const forged = issueCertificate(lookAlike, { commonName: 'Chủ tịch A', organization: 'UBND phường Tây Tựu', kind: 'person' });
    const v = await evaluateTrust(parseCertificate(forged.certPem), [parseCertificate(lookAlike.certPem)], store(root), AT);
    expect(v).toMatchObject({ trusted: false, problem: 'The chain does not reach a trusted root' });
  });

  it('does not trust a certificate that was not yet valid, or no longer valid, at the signing time', async () => {
    const early = leafWith(root, { keyUsage: { digitalSignature: true }, notBefore: new Date('2025-08-01'), notAfter: new Date('2027-01-01') });
    const expired = leafWith(root, { keyUsage: { digitalSignature: true }, notBefore: new Date('2021-01-01'), notAfter: new Date('2025-07-01') });
    for (const pem of [early, expired]) {
      expect(await evaluateTrust(parseCertificate(pem), [], store(root), AT)).toMatchObject({ trusted: false, problem: 'Certificate "Nguoi ky" was not valid at the signing time' });
    }
  });

  it('does not trust a certificate whose key usage does not allow signatures', async () => {
    const encipherOnly = leafWith(root, { keyUsage: { keyEncipherment: true }, notBefore: new Date('2021-01-01'), notAfter: new Date('2027-01-01') });
    expect(await evaluateTrust(parseCertificate(encipherOnly), [], store(root), AT)).toMatchObject({ trusted: false, problem: 'Key usage of the signer certificate does not allow signatures' });
    const nonRepudiation = leafWith(root, { keyUsage: { nonRepudiation: true }, notBefore: new Date('2021-01-01'), notAfter: new Date('2027-01-01') });
    expect((await evaluateTrust(parseCertificate(nonRepudiation), [], store(root), AT)).trusted).toBe(true);
  });

  it('does not accept an end-entity certificate as an issuer', async () => {
    const byLeaf = issueCertificate(leaf, { commonName: 'Người khác', kind: 'person' });
    const v = await evaluateTrust(parseCertificate(byLeaf.certPem), [parseCertificate(leaf.certPem), parseCertificate(root.certPem)], store(root), AT);
    expect(v).toMatchObject({ trusted: false, problem: 'Issuer "Chủ tịch A" is not a certification authority' });
  });
});
