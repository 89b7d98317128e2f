import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { commonName, distinguishedName, ensureCryptoEngine, pemToDer, toArrayBuffer } from '../crypto/cms';

/** A certificate the deployment trusts as the end of a chain. */
export interface TrustAnchor {
  cert: pkijs.Certificate;
  der: Buffer;
  /** Where it came from: a file name, or "development CA". */
  source: string;
}

export interface TrustStore {
  anchors: TrustAnchor[];
  crls: pkijs.CertificateRevocationList[];
}

const CERT_EXTENSIONS = /\.(pem|crt|cer|der)$/i;
const CRL_EXTENSIONS = /\.(crl|pem|der)$/i;

/** assets/trust above this file, from src/ (Jest) and dist/src/ (compiled) alike. */
export function shippedTrustDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets', 'trust');
    if (existsSync(path.join(candidate, 'vietnam-national-root-ca.pem'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`assets/trust not found above ${__dirname}`);
  }
}

function filesUnder(p: string, pattern: RegExp): string[] {
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p).filter((n) => pattern.test(n)).sort().map((n) => path.join(p, n));
}

/** DER blocks of a file: every PEM block with the given label, or the whole file when it is not PEM. */
function derBlocks(file: string, label: string): Buffer[] {
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return [bytes];
  const re = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
  return (text.match(re) ?? []).map(pemToDer);
}

export function loadCertificates(paths: string[]): TrustAnchor[] {
  ensureCryptoEngine();
  const anchors: TrustAnchor[] = [];
  for (const file of paths.flatMap((p) => filesUnder(p, CERT_EXTENSIONS))) {
    for (const der of derBlocks(file, 'CERTIFICATE')) {
      try {
        anchors.push({ cert: pkijs.Certificate.fromBER(toArrayBuffer(der)), der, source: path.basename(file) });
      } catch (error) {
        throw new Error(`${file}: not a readable X.509 certificate (${(error as Error).message})`);
      }
    }
  }
  return anchors;
}

export function loadCrls(paths: string[]): pkijs.CertificateRevocationList[] {
  ensureCryptoEngine();
  return paths.flatMap((p) => filesUnder(p, CRL_EXTENSIONS)).flatMap((file) =>
    derBlocks(file, 'X509 CRL').map((der) => {
      try {
        return pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
      } catch (error) {
        throw new Error(`${file}: not a readable CRL (${(error as Error).message})`);
      }
    }));
}

export function anchorFromPem(pem: string, source: string): TrustAnchor {
  const der = pemToDer(pem);
  return { cert: pkijs.Certificate.fromBER(toArrayBuffer(der)), der, source };
}

export function sha256Fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

export function subjectName(cert: pkijs.Certificate): string {
  return commonName(cert.subject) ?? distinguishedName(cert.subject);
}
