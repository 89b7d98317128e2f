import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { withTempDir } from '../../files/pdf/pdf-test-support';
import { type KeyAndCertificate, createDevCa, issueCertificate, toPkcs12 } from './dev-ca';
import { Pkcs12InvalidError, parsePkcs12 } from './pkcs12';

const run = promisify(execFile);
const der = (pem: string) => new X509Certificate(pem).raw;

describe('development CA and PKCS#12', () => {
  let ca: KeyAndCertificate;
  let person: KeyAndCertificate;

  beforeAll(() => {
    ca = createDevCa({ commonName: 'vanthu Dev CA – Ủy ban nhân dân phường Tây Tựu', organization: 'UBND phường Tây Tựu' });
    person = issueCertificate(ca, {
      commonName: 'Nguyễn Thị Thu Hằng',
      organization: 'UBND phường Tây Tựu',
      organizationalUnit: 'Văn phòng HĐND và UBND',
      title: 'Chánh Văn phòng',
      email: 'hang@tay-tuu.example.vn',
      kind: 'person',
    });
  });

  it('the CA is a CA and OpenSSL verifies the issued certificate against it (Vietnamese names intact)', () =>
    withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'ca.pem'), ca.certPem);
      await writeFile(path.join(dir, 'person.pem'), person.certPem);
      const { stdout } = await run('openssl', ['verify', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'person.pem')]);
      expect(stdout).toContain(': OK');
      const caCert = new X509Certificate(ca.certPem);
      const cert = new X509Certificate(person.certPem);
      expect(caCert.ca).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.subject).toContain('CN=Nguyễn Thị Thu Hằng');
      expect(cert.issuer).toBe(caCert.subject);
      expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.36']));
    }));

  it('round-trips dev CA → PKCS#12 → signing key', () => {
    const p12 = toPkcs12({ keyPem: person.keyPem, certPem: person.certPem, chainPems: [ca.certPem], password: 's3cret', friendlyName: 'hang' });
    const key = parsePkcs12(p12, 's3cret');
    expect(key.subjectCommonName).toBe('Nguyễn Thị Thu Hằng');
    expect(der(key.certificatePem).equals(der(person.certPem))).toBe(true);
    expect(key.chainPems.map(der)).toEqual([der(ca.certPem)]);
    const signature = sign('sha256', Buffer.from('x'), createPrivateKey(key.privateKeyPem));
    expect(verify('sha256', Buffer.from('x'), createPublicKey(person.certPem), signature)).toBe(true);
  });

  it('OpenSSL 3 reads the PKCS#12 we write, without the legacy provider', () =>
    withTempDir(async (dir) => {
      const file = path.join(dir, 'ours.p12');
      await writeFile(file, toPkcs12({ keyPem: person.keyPem, certPem: person.certPem, chainPems: [ca.certPem], password: 'x', friendlyName: 'hang' }));
      const { stdout } = await run('openssl', ['pkcs12', '-in', file, '-passin', 'pass:x', '-nodes']);
      expect(stdout).toContain('BEGIN PRIVATE KEY');
      expect(stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      expect(stdout).toContain('friendlyName: hang');
    }));

  it('parses a PKCS#12 made by OpenSSL 3 with its default algorithms', () =>
    withTempDir(async (dir) => {
      const [keyFile, certFile, caFile, out] = ['key.pem', 'cert.pem', 'ca.pem', 'openssl.p12'].map((f) => path.join(dir, f));
      await Promise.all([writeFile(keyFile, person.keyPem), writeFile(certFile, person.certPem), writeFile(caFile, ca.certPem)]);
      await run('openssl', ['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-certfile', caFile, '-passout', 'pass:x', '-out', out]);
      const info = await run('openssl', ['pkcs12', '-in', out, '-passin', 'pass:x', '-info', '-noout']);
      expect(info.stderr).toContain('AES-256-CBC');
      const key = parsePkcs12(await readFile(out), 'x');
      expect(key.subjectCommonName).toBe('Nguyễn Thị Thu Hằng');
      expect(der(key.certificatePem).equals(der(person.certPem))).toBe(true);
      expect(key.chainPems).toHaveLength(1);
    }));

  it('a wrong password is a Pkcs12InvalidError', () => {
    const p12 = toPkcs12({ keyPem: person.keyPem, certPem: person.certPem, chainPems: [], password: 'right', friendlyName: 'hang' });
    expect(() => parsePkcs12(p12, 'wrong')).toThrow(Pkcs12InvalidError);
    expect(() => parsePkcs12(p12, 'wrong')).toThrow(/password/i);
  });

  it('a PKCS#12 without a private key is a Pkcs12InvalidError', () =>
    withTempDir(async (dir) => {
      const [certFile, out] = ['cert.pem', 'nokey.p12'].map((f) => path.join(dir, f));
      await writeFile(certFile, person.certPem);
      await run('openssl', ['pkcs12', '-export', '-nokeys', '-in', certFile, '-passout', 'pass:x', '-out', out]);
      expect(() => parsePkcs12(Buffer.from(''), 'x')).toThrow(Pkcs12InvalidError);
      const p12 = await readFile(out);
      expect(() => parsePkcs12(p12, 'x')).toThrow(/no private key/);
    }));

  it('random bytes are a Pkcs12InvalidError', () => {
    expect(() => parsePkcs12(Buffer.from('definitely not DER'), 'x')).toThrow(Pkcs12InvalidError);
  });
});
