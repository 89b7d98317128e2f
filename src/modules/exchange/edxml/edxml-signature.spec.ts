import { SignedXml } from 'xml-crypto';
import { vanthuDocument, vanthuStatus } from '../../../../tests/fixtures/edxml/edxml-fixtures';
import { selfMadeKey, testRootAndLeaf } from '../../../../tests/fixtures/pki-fixtures';
import { buildEdxmlMessage, buildStatusMessage, EdxmlError, parseEdxmlMessage, signEdxml, verifyEdxml } from '.';

describe('edXML XML signature (XMLDSig, enveloped, RSA-SHA256)', () => {
  const agency = testRootAndLeaf('CA thử nghiệm vanthu', 'UBND phường Tân Bình');
  const key = { privateKeyPem: agency.leaf.keyPem, certificatePem: agency.leaf.certPem };
  const other = selfMadeKey('Kẻ giả mạo');
  const signed = signEdxml(buildEdxmlMessage(vanthuDocument()), key);
  const attachmentB64 = vanthuDocument().attachments[0].data.toString('base64');

  it('a package signed with the agency key verifies, and the certificate in KeyInfo is returned for the trust check', () => {
    const result = verifyEdxml(signed);
    expect(result).toEqual(expect.objectContaining({ valid: true, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' }));
    expect(result.reason).toBeUndefined();
    expect(result.certificatePem?.replace(/\s+/g, '')).toBe(agency.leaf.certPem.replace(/\s+/g, ''));
  });

  it('signs the whole package (Reference URI="") and places the signature at the end of edXMLHeader', () => {
    expect(signed).toMatch(/<Reference URI="">/);
    expect(signed).toMatch(/<\/Signature>\s*<\/edXML:edXMLHeader>/);
    expect(signed).toContain('<X509SubjectName>');
    expect(parseEdxmlMessage(signed)).toEqual(vanthuDocument());
  });

  it('one changed byte of an attachment fails verification with a Vietnamese reason', () => {
    const bytes = Buffer.from(vanthuDocument().attachments[0].data);
    bytes[3] ^= 0x01;
    const tampered = signed.replace(attachmentB64, bytes.toString('base64'));
    expect(tampered).not.toBe(signed);
    expect(verifyEdxml(tampered)).toEqual(expect.objectContaining({ valid: false, reason: 'Nội dung gói tin đã bị thay đổi sau khi ký (giá trị băm không khớp)' }));
  });

  it('a changed header field (the subject, a recipient added) fails verification', () => {
    expect(verifyEdxml(signed.replace('lịch tiếp công dân', 'lịch tiếp dân')).valid).toBe(false);
    const extraRecipient = signed.replace('</edXML:To>', '</edXML:To><edXML:To><edXML:OrganId>000.00.99.H29</edXML:OrganId><edXML:OrganName>Người lạ</edXML:OrganName></edXML:To>');
    expect(verifyEdxml(extraRecipient)).toEqual(expect.objectContaining({ valid: false, reason: expect.stringMatching(/bị thay đổi sau khi ký/) }));
  });

  it('a broken signature value fails with its own reason', () => {
    const tampered = signed.replace(/<SignatureValue>(.)/, (_m, c: string) => `<SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expect(verifyEdxml(tampered)).toEqual(expect.objectContaining({ valid: false, reason: expect.stringMatching(/^Giá trị chữ ký số không khớp/) }));
  });

  it('swapping in another certificate fails: the signature was made with a different key', () => {
    const otherB64 = other.certificatePem.replace(/-----[^-]+-----|\s/g, '');
    const swapped = signed.replace(/<X509Certificate>[^<]+<\/X509Certificate>/, `<X509Certificate>${otherB64}</X509Certificate>`);
    expect(verifyEdxml(swapped).valid).toBe(false);
  });

  it('an unsigned package, a package with two signatures, and a signature outside the header are refused', () => {
    expect(verifyEdxml(buildEdxmlMessage(vanthuDocument()))).toEqual({ valid: false, reason: 'Gói tin không có chữ ký số (Signature)' });
    const sig = /<Signature[\s\S]*<\/Signature>/.exec(signed)![0];
    expect(verifyEdxml(signed.replace('</edXML:edXMLBody>', `</edXML:edXMLBody>${sig}`)).reason).toBe('Gói tin có nhiều hơn một chữ ký số');
    const moved = signed.replace(sig, '').replace('<AttachmentEncoded>', `${sig}<AttachmentEncoded>`);
    expect(verifyEdxml(moved).reason).toMatch(/không nằm ở phần đầu/);
  });

  it('a signature over only part of the package (Reference to an Id) is refused, even when cryptographically valid', () => {
    const partial = new SignedXml({ privateKey: key.privateKeyPem, publicCert: key.certificatePem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
    partial.addReference({ xpath: "//*[local-name(.)='TraceHeaderList']", transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    partial.computeSignature(buildEdxmlMessage(vanthuDocument()), { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
    expect(verifyEdxml(partial.getSignedXml())).toEqual(expect.objectContaining({ valid: false, reason: expect.stringMatching(/không bao trùm toàn bộ gói tin/) }));
  });

  it('content smuggled inside the Signature element is neither signed nor read by the parser', () => {
    const smuggled = signed.replace('</SignatureValue>', '</SignatureValue><Object><edXML:MessageHeader xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:Subject>Giả mạo</edXML:Subject></edXML:MessageHeader></Object>');
    expect(verifyEdxml(smuggled).valid).toBe(true);
    expect(parseEdxmlMessage(smuggled).subject).toBe(vanthuDocument().subject);
  });

  it('a comment added in transit neither breaks the signature nor changes what is read (comments are not signed)', () => {
    const commented = signed.replace('lịch tiếp công dân', 'lịch tiếp <!-- ghi chú của trục -->công dân');
    expect(verifyEdxml(commented).valid).toBe(true);
    expect(parseEdxmlMessage(commented).subject).toBe(vanthuDocument().subject);
  });

  it('SHA-1 signatures (still used by the national SDK) verify by default and are refused when SHA-1 is turned off', () => {
    const sha1 = new SignedXml({ privateKey: key.privateKeyPem, publicCert: key.certificatePem, signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
    sha1.addReference({ xpath: '/*', isEmptyUri: true, transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' });
    sha1.computeSignature(buildEdxmlMessage(vanthuDocument()), { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
    expect(verifyEdxml(sha1.getSignedXml()).valid).toBe(true);
    expect(verifyEdxml(sha1.getSignedXml(), { allowSha1: false })).toEqual(expect.objectContaining({ valid: false, reason: expect.stringMatching(/Thuật toán chữ ký không được chấp nhận/) }));
  });

  it('signing again replaces the earlier signature (one signature, the last sender\'s)', () => {
    const again = signEdxml(signed, { privateKeyPem: other.privateKeyPem, certificatePem: other.certificatePem });
    expect(again.match(/<Signature /g)).toHaveLength(1);
    const result = verifyEdxml(again);
    expect(result.valid).toBe(true);
    expect(result.certificatePem?.replace(/\s+/g, '')).toBe(other.certificatePem.replace(/\s+/g, ''));
  });

  it('refuses to sign with a certificate that does not belong to the key', () => {
    expect(() => signEdxml(buildEdxmlMessage(vanthuDocument()), { privateKeyPem: key.privateKeyPem, certificatePem: other.certificatePem }))
      .toThrow(new EdxmlError('Chứng thư số không khớp với khóa ký', 'certificatePem'));
  });

  it('a signed status package verifies, and tampering with its code fails', () => {
    const status = signEdxml(buildStatusMessage(vanthuStatus({ statusCode: '03' })), key);
    expect(verifyEdxml(status).valid).toBe(true);
    expect(verifyEdxml(status.replace('<edXML:StatusCode>03<', '<edXML:StatusCode>06<')).valid).toBe(false);
  });

  it('xml-crypto, the reference implementation, accepts the signatures vanthu makes', () => {
    const checker = new SignedXml({ publicCert: key.certificatePem, getCertFromKeyInfo: () => null });
    checker.loadSignature(/<Signature[\s\S]*<\/Signature>/.exec(signed)![0]);
    expect(checker.checkSignature(signed)).toBe(true);
  });

  it.each([
    ['exclusive', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    ['exclusive with comments', 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments'],
    ['inclusive C14N 1.0', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'],
  ])('verifies what xml-crypto signs with %s canonicalization of SignedInfo, with comments in the package', (_name, c14n) => {
    const sig = new SignedXml({ privateKey: key.privateKeyPem, publicCert: key.certificatePem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: c14n });
    sig.addReference({ xpath: '/*', isEmptyUri: true, transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', c14n], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    const xml = buildEdxmlMessage(vanthuDocument()).replace('<edXML:Subject>', '<!-- trích yếu --><edXML:Subject>');
    sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
    expect(verifyEdxml(sig.getSignedXml())).toEqual(expect.objectContaining({ valid: true }));
    expect(verifyEdxml(sig.getSignedXml().replace('lịch tiếp công dân', 'lịch tiếp dân')).valid).toBe(false);
  });

  it('a hostile package with thousands of distinct element names before a large attachment is judged in seconds, not minutes', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `<edXML:Ext${i}>x</edXML:Ext${i}>`).join('');
    const big = Buffer.alloc(10 * 1024 * 1024, 0x5a).toString('base64');
    const hostile = signed.replace('<edXML:DocumentId>', `${names}<edXML:DocumentId>`).replace(attachmentB64, big);
    const started = Date.now();
    expect(verifyEdxml(hostile)).toEqual(expect.objectContaining({ valid: false, reason: expect.stringMatching(/bị thay đổi sau khi ký/) }));
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('verification of garbage answers invalid with a reason instead of throwing', () => {
    expect(verifyEdxml('không phải XML')).toEqual(expect.objectContaining({ valid: false, reason: expect.stringMatching(/XML/) }));
    expect(verifyEdxml(Buffer.alloc(0)).valid).toBe(false);
  });
});
