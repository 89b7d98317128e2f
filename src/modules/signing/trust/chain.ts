import * as pkijs from 'pkijs';
import { subjectName, type TrustStore } from './trust-store';

export type Revocation = 'good' | 'revoked' | 'unknown';

export interface TrustVerdict {
  trusted: boolean;
  /** Subject names from the signer's certificate up to the trust anchor (or as far as the chain could be built). */
  chain: string[];
  revocation: Revocation;
  /** Why the signature is not trusted, in English for logs and tests (null when trusted). */
  problem: string | null;
}

const MAX_DEPTH = 8;
/** An uploaded PDF chooses what its CMS carries: look at no more than this many certificates. */
const MAX_CARRIED = 50;
const KEY_USAGE = '2.5.29.15';
const BASIC_CONSTRAINTS = '2.5.29.19';

const der = (c: pkijs.Certificate) => Buffer.from(c.toSchema().toBER());

function validAt(c: pkijs.Certificate, at: Date): boolean {
  return c.notBefore.value.getTime() <= at.getTime() && at.getTime() <= c.notAfter.value.getTime();
}

/** keyUsage must allow digitalSignature or nonRepudiation when the extension is present (RFC 5280 §4.2.1.3). */
export function allowsSigning(c: pkijs.Certificate): boolean {
  const ext = c.extensions?.find((e) => e.extnID === KEY_USAGE);
  if (!ext) return true;
  const bits = (ext.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)?.valueBlock?.valueHexView;
  return !!bits && bits.length > 0 && (bits[0] & 0xc0) !== 0;
}

function isCa(c: pkijs.Certificate): boolean {
  const ext = c.extensions?.find((e) => e.extnID === BASIC_CONSTRAINTS);
  return (ext?.parsedValue as pkijs.BasicConstraints | undefined)?.cA === true;
}

async function signedBy(child: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  if (!child.issuer.isEqual(issuer.subject)) return false;
  try {
    return await child.verify(issuer);
  } catch {
    return false;
  }
}

/**
 * Builds the chain of `signer` through the certificates carried in the CMS up to a trust anchor. Only the anchor's
 * own key counts: a look-alike certificate with the same name as a root is signed by some other key and fails.
 * Every certificate must be valid at `at` (the signing time) and every issuer must be a CA.
 */
export async function evaluateTrust(signer: pkijs.Certificate, carried: pkijs.Certificate[], store: TrustStore, at: Date): Promise<TrustVerdict> {
  const path: pkijs.Certificate[] = [signer];
  const verdict = (trusted: boolean, problem: string | null, revocation: Revocation = 'unknown'): TrustVerdict =>
    ({ trusted, chain: path.map(subjectName), revocation, problem });
  if (!allowsSigning(signer)) return verdict(false, 'Key usage of the signer certificate does not allow signatures');
  for (let current = signer; path.length <= MAX_DEPTH; ) {
    if (!validAt(current, at)) return verdict(false, `Certificate "${subjectName(current)}" was not valid at the signing time`);
    const anchor = await findAnchor(current, store);
    if (anchor) {
      if (!der(anchor).equals(der(current))) path.push(anchor);
      if (!validAt(anchor, at)) return verdict(false, `Trust anchor "${subjectName(anchor)}" was not valid at the signing time`);
      const revocation = await revocationOf(path, store);
      return revocation === 'revoked' ? verdict(false, 'A certificate in the chain is revoked', revocation) : verdict(true, null, revocation);
    }
    const next = await findIssuer(current, carried, path);
    if (!next) return verdict(false, path.length === 1 && current.issuer.isEqual(current.subject)
      ? 'Self-signed certificate that is not a trusted root' : 'The chain does not reach a trusted root');
    if (!isCa(next)) return verdict(false, `Issuer "${subjectName(next)}" is not a certification authority`);
    path.push(next);
    current = next;
  }
  return verdict(false, 'Certificate chain is too long');
}

async function findAnchor(c: pkijs.Certificate, store: TrustStore): Promise<pkijs.Certificate | null> {
  const mine = der(c);
  for (const a of store.anchors) if (a.der.equals(mine)) return a.cert;
  for (const a of store.anchors) if (await signedBy(c, a.cert)) return a.cert;
  return null;
}

async function findIssuer(c: pkijs.Certificate, carried: pkijs.Certificate[], path: pkijs.Certificate[]): Promise<pkijs.Certificate | null> {
  for (const candidate of carried.slice(0, MAX_CARRIED)) {
    if (path.some((p) => der(p).equals(der(candidate)))) continue;
    if (await signedBy(c, candidate)) return candidate;
  }
  return null;
}

/**
 * "revoked" when any certificate below the anchor is on a CRL signed by its issuer; "good" only when every one of
 * them is covered by such a CRL that is current; otherwise "unknown" (never "good" without a CRL at hand).
 */
async function revocationOf(path: pkijs.Certificate[], store: TrustStore): Promise<Revocation> {
  let allCovered = path.length > 1;
  for (let i = 0; i < path.length - 1; i++) {
    const [cert, issuer] = [path[i], path[i + 1]];
    let covered = false;
    for (const crl of store.crls) {
      if (!crl.issuer.isEqual(issuer.subject) || !(await crlSignedBy(crl, issuer))) continue;
      if (crl.isCertificateRevoked(cert)) return 'revoked';
      const next = crl.nextUpdate?.value;
      if (!next || next.getTime() >= Date.now()) covered = true;
    }
    allCovered &&= covered;
  }
  return allCovered ? 'good' : 'unknown';
}

async function crlSignedBy(crl: pkijs.CertificateRevocationList, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await crl.verify({ issuerCertificate: issuer });
  } catch {
    return false;
  }
}
