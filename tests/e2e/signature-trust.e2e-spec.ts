import { PDFDocument, rgb } from 'pdf-lib';
import { makeTestPdf } from '../../src/modules/files/pdf/pdf-test-support';
import { issueCertificate } from '../../src/modules/signing/crypto/dev-ca';
import { signPdfIncremental } from '../../src/modules/signing/crypto/pades-signer';
import type { SigningKey } from '../../src/modules/signing/crypto/pkcs12';
import { downloadPdf, signedDocument } from '../factories/outgoing.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { crlPem, selfMadeKey, signingKeyOf, tempFiles, testRootAndLeaf } from '../fixtures/pki-fixtures';
import { createTestApp, TestApp } from '../setup/test-app';

const WARD = 'Ủy ban nhân dân phường Tây Tựu';

async function sign(pdf: Buffer, key: SigningKey): Promise<Buffer> {
  return signPdfIncremental(pdf, key, { reason: 'Ký số', name: key.subjectCommonName, signingTime: new Date('2025-07-07T03:30:00Z') });
}

describe('signature verification: a signature counts only when its certificate chains to a trusted root', () => {
  let t: TestApp;
  let w: TanBinhWard;
  const good = testRootAndLeaf('CA thử nghiệm của triển khai', WARD);
  // Issued by the same test root, and listed on that root's CRL.
  const revokedLeaf = issueCertificate(good.root, { commonName: 'Chủ tịch A', organization: 'UBND phường Tây Tựu', kind: 'person' });
  const revokedKey = signingKeyOf(revokedLeaf, [good.root], 'Chủ tịch A');
  let issuedId: string;

  const verifyUpload = async (pdf: Buffer) => {
    const res = await t.http.post('/api/v1/signatures/verify').set(w.users.officeClerk.auth)
      .attach('file', pdf, { filename: 'vb.pdf', contentType: 'application/pdf' }).expect(200);
    return res.body as { valid: boolean; modifiedAfterLastSignature: boolean; signatures: Record<string, unknown>[] };
  };

  beforeAll(async () => {
    const files = tempFiles({ 'root.pem': good.root.certPem, 'root.crl': await crlPem(good.root, [revokedLeaf]) });
    t = await createTestApp({ TRUST_CERTS: files['root.pem'], TRUST_CRLS: files['root.crl'] });
    t.clock.set('2025-07-07T03:00:00Z');
    w = await createTanBinhWard(t);
    const doc = await signedDocument(t, w.users.officeClerk, w.users.chiefOfOffice, w.users.chiefOfOffice,
      { documentType: 'THONG_BAO', departmentId: w.departments.office.id }, 'TL');
    await t.http.post(`/api/v1/outgoing-documents/${doc.id}/issue`).set(w.users.officeClerk.auth).send({}).expect(200);
    issuedId = doc.id;
  });
  afterAll(() => t.close());

  it('a PDF signed with a self-made certificate named after the ward is intact but not trusted, so not valid', async () => {
    const pdf = await sign(await makeTestPdf(1), selfMadeKey(WARD));
    const body = await verifyUpload(pdf);
    expect(body.valid).toBe(false);
    expect(body.signatures).toEqual([expect.objectContaining({
      signerName: WARD, role: 'signer', intact: true, trusted: false, chain: [WARD], revocation: 'unknown', revision: expect.any(Number),
      coversWholeDocument: true, modifiedAfter: false,
    })]);
  });

  it('a PDF signed under a root the deployment trusts (TRUST_CERTS) is valid, with its chain and a CRL saying "good"', async () => {
    const body = await verifyUpload(await sign(await makeTestPdf(1), good.key));
    expect(body).toMatchObject({ valid: true, modifiedAfterLastSignature: false });
    expect(body.signatures).toEqual([expect.objectContaining({
      signerName: WARD, intact: true, trusted: true, chain: [WARD, 'CA thử nghiệm của triển khai'], revocation: 'good',
    })]);
  });

  it('a certificate on the CRL of its issuer is reported revoked and the document is not valid', async () => {
    const body = await verifyUpload(await sign(await makeTestPdf(1), revokedKey));
    expect(body.valid).toBe(false);
    expect(body.signatures[0]).toMatchObject({ signerName: 'Chủ tịch A', intact: true, revocation: 'revoked', trusted: false });
  });

  it('an issued document (development CA, trusted outside production) verifies with both signatures trusted', async () => {
    const res = await t.http.get(`/api/v1/outgoing-documents/${issuedId}/verify`).set(w.users.officeClerk.auth).expect(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.signatures).toEqual([
      expect.objectContaining({ role: 'signer', intact: true, trusted: true, coversWholeDocument: false, modifiedAfter: true, revocation: 'unknown' }),
      expect.objectContaining({ role: 'agency', intact: true, trusted: true, coversWholeDocument: true, modifiedAfter: false }),
    ]);
    expect(res.body.signatures[0].chain).toHaveLength(2);
  });

  it('an issued document whose content was replaced and then re-signed is not valid, whoever re-signs it', async () => {
    const issued = await downloadPdf(t, w.users.officeClerk, issuedId);
    const doc = await PDFDocument.load(issued);
    doc.getPage(0).drawRectangle({ x: 60, y: 300, width: 470, height: 200, color: rgb(1, 1, 1) });
    doc.getPage(0).drawText('Noi dung da bi thay the', { x: 70, y: 400, size: 16 });
    const replaced = Buffer.from(await doc.save({ useObjectStreams: false }));
    for (const key of [selfMadeKey(WARD), good.key]) {
      const body = await verifyUpload(await sign(replaced, key));
      expect(body.valid).toBe(false);
      const last = body.signatures.at(-1) as Record<string, unknown>;
      expect(last).toMatchObject({ intact: true, coversWholeDocument: true });
      // The signatures made at issue no longer match the bytes they covered.
      expect(body.signatures.slice(0, -1).some((s) => s.intact === false)).toBe(true);
    }
  });

  it('appending a self-signed revision to an issued document does not make it valid', async () => {
    const issued = await downloadPdf(t, w.users.officeClerk, issuedId);
    const body = await verifyUpload(await sign(issued, selfMadeKey(WARD)));
    expect(body.valid).toBe(false);
    expect(body.signatures.map((s) => [s.intact, s.trusted])).toEqual([[true, true], [true, true], [true, false]]);
  });
});

describe('signature verification in a deployment that does not trust the development CA', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('TRUST_DEV_CA=off: an issued document signed with development certificates is intact but not trusted', async () => {
    t = await createTestApp({ TRUST_DEV_CA: 'off' });
    t.clock.set('2025-07-07T03:00:00Z');
    const w = await createTanBinhWard(t);
    const doc = await signedDocument(t, w.users.officeClerk, w.users.chiefOfOffice, w.users.chiefOfOffice,
      { documentType: 'THONG_BAO', departmentId: w.departments.office.id }, 'TL');
    await t.http.post(`/api/v1/outgoing-documents/${doc.id}/issue`).set(w.users.officeClerk.auth).send({}).expect(200);
    const res = await t.http.get(`/api/v1/outgoing-documents/${doc.id}/verify`).set(w.users.officeClerk.auth).expect(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.signatures.map((s: { intact: boolean; trusted: boolean }) => [s.intact, s.trusted])).toEqual([[true, false], [true, false]]);
  });
});
