import { createHash, createSign, createVerify, timingSafeEqual } from 'node:crypto';
import type { Document, Element, Node } from '@xmldom/xmldom';
import {
  C14nCanonicalization, C14nCanonicalizationWithComments, type CanonicalizationOrTransformationAlgorithm, ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments, findAncestorNs,
} from 'xml-crypto';
import { child, children, textOf } from './dom-read';
import { ENVELOPED_SIGNATURE, XMLDSIG_NS } from './xmldsig';

/**
 * The enveloped, whole-document XMLDSig signature of an edXML package, computed on OUR parsed DOM with xml-crypto's
 * canonicalizers. Why not `SignedXml.checkSignature`: it re-parses the text with its own bundled xmldom 0.8, whose
 * parser searches backwards through the whole text once per distinct element name (`lastIndexOf('</name>')`). The
 * base64 attachments sit at the end of a package, so each search crosses all of them: seconds for a legitimate 40 MB
 * package, and minutes for a hostile one with thousands of distinct element names before a large attachment.
 * Same algorithms, same canonical bytes (tests check signatures both ways against SignedXml).
 */

const CANONICALIZERS: Record<string, new () => CanonicalizationOrTransformationAlgorithm> = {
  'http://www.w3.org/2001/10/xml-exc-c14n#': ExclusiveCanonicalization,
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': ExclusiveCanonicalizationWithComments,
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315': C14nCanonicalization,
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': C14nCanonicalizationWithComments,
};
const INCLUSIVE_C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const WITHOUT_COMMENTS: Record<string, string> = {
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': 'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': INCLUSIVE_C14N,
};
export const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
export const SIGNATURES: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'RSA-SHA1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
};
const DS_PREFIXES = { ds: XMLDSIG_NS };
const COMMENT_NODE = 8;

export const isCanonicalization = (uri: string): boolean => Object.prototype.hasOwnProperty.call(CANONICALIZERS, uri);

function canonicalize(algorithm: string, node: Element, options: Record<string, unknown>): string {
  const Algorithm = CANONICALIZERS[algorithm];
  if (!Algorithm) throw new Error(`unsupported canonicalization ${algorithm}`);
  return String(new Algorithm().process(node as never, { defaultNsForPrefix: DS_PREFIXES, ...options } as never));
}

function removeComments(root: Node): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    for (let c = n.firstChild; c; ) {
      const next = c.nextSibling;
      if (c.nodeType === COMMENT_NODE) n.removeChild(c);
      else if (c.firstChild) stack.push(c);
      c = next;
    }
  }
}

/**
 * Canonical bytes of the whole package as a `Reference URI=""` sees them: the document element without comments
 * (same-document reference) and without `signature`, through `transforms` (enveloped-signature, then at most one
 * canonicalization as the last step; a node-set left at the end is canonicalized with inclusive C14N 1.0).
 * Works on a deep clone, so `doc` is left as it was.
 */
export function referenceBytes(doc: Document, signature: Element | null, transforms: Array<{ algorithm: string; prefixList?: string[] }>): string {
  const root = doc.documentElement!;
  let path: number[] | null = null;
  if (signature) {
    path = [];
    for (let n: Node = signature; n !== root; n = n.parentNode!) path.unshift(Array.prototype.indexOf.call(n.parentNode!.childNodes, n));
  }
  const copy = root.cloneNode(true) as Element;
  if (path) {
    const inCopy = path.reduce<Node>((node, i) => node.childNodes[i], copy);
    inCopy.parentNode!.removeChild(inCopy);
  }
  removeComments(copy);
  let last = INCLUSIVE_C14N;
  let prefixList: string[] | undefined;
  transforms.forEach((t, i) => {
    if (t.algorithm === ENVELOPED_SIGNATURE) return;
    if (!isCanonicalization(t.algorithm) || i !== transforms.length - 1) throw new Error(`unsupported transform ${t.algorithm}`);
    last = WITHOUT_COMMENTS[t.algorithm] ?? t.algorithm;
    prefixList = t.prefixList;
  });
  return canonicalize(last, copy, { ancestorNamespaces: [], inclusiveNamespacesPrefixList: prefixList });
}

/** Canonical bytes of `SignedInfo` in its place in the document (inclusive C14N needs the ancestors' namespaces). */
export function signedInfoBytes(doc: Document, signedInfo: Element, algorithm: string): string {
  const ancestorNamespaces = findAncestorNs(doc as never, "//*[local-name(.)='Signature']/*[local-name(.)='SignedInfo']");
  return canonicalize(algorithm, signedInfo.cloneNode(true) as Element, { ancestorNamespaces });
}

export function digestOf(bytes: string, algorithm: string): Buffer {
  return createHash(DIGESTS[algorithm]).update(bytes, 'utf8').digest();
}

export function sameDigest(computed: Buffer, base64: string): boolean {
  const expected = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  return expected.length === computed.length && timingSafeEqual(expected, computed);
}

export function signatureMatches(bytes: string, algorithm: string, certificatePem: string, base64: string): boolean {
  return createVerify(SIGNATURES[algorithm]).update(bytes, 'utf8').verify(certificatePem, base64.replace(/\s+/g, ''), 'base64');
}

export function signBytes(bytes: string, algorithm: string, privateKeyPem: string): string {
  return createSign(SIGNATURES[algorithm]).update(bytes, 'utf8').sign(privateKeyPem, 'base64');
}

/** The Reference's transforms with their InclusiveNamespaces prefix lists. */
export function transformsOf(reference: Element): Array<{ algorithm: string; prefixList?: string[] }> {
  return children(child(reference, 'Transforms'), 'Transform').map((t) => {
    const list = child(t, 'InclusiveNamespaces')?.getAttribute('PrefixList');
    return { algorithm: t.getAttribute('Algorithm') ?? '', prefixList: list ? list.split(/\s+/).filter(Boolean) : undefined };
  });
}

export const digestValueOf = (reference: Element): string => textOf(child(reference, 'DigestValue')) ?? '';
