import type { Element } from '@xmldom/xmldom';
/** XMLDSig algorithm identifiers used by the edXML signature (DOMAIN.md §2.2: sample uses SHA-1; vanthu signs SHA-256). */
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** Accepted on receipt. SHA-1 only because the national axis's own SDK still signs with it (can be turned off). */
export const STRONG_SIGNATURE_METHODS = [RSA_SHA256, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512'];
export const STRONG_DIGEST_METHODS = [SHA256, 'http://www.w3.org/2001/04/xmlenc#sha512'];
export const SHA1_SIGNATURE_METHOD = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const SHA1_DIGEST_METHOD = 'http://www.w3.org/2000/09/xmldsig#sha1';
export const CANONICALIZATIONS = [
  EXC_C14N, 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
];

/** Every element named `Signature` (any namespace), found without recursion. */
export function signatureElements(root: Element): Element[] {
  const found: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    if (el.localName === 'Signature') found.push(el);
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) stack.push(n as Element);
  }
  return found;
}
