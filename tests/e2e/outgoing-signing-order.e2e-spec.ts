import { pdfsig, pdftotext, saveArtifactPng } from '../../src/modules/files/pdf/pdf-test-support';
import { downloadPdf, signedDocument } from '../factories/outgoing.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const OUT = '/api/v1/outgoing-documents';

describe('outgoing documents: the signer signs at sign, the number and the agency come after (Decree 30 order)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  it('after sign the file carries one valid signature dated at signing; after issue two, the number in a later revision', async () => {
    const u = w.users;
    t.clock.set('2025-07-07T02:00:00Z'); // 09:00 in Tân Bình: the Chánh Văn phòng signs
    const doc = await signedDocument(t, u.officeClerk, u.chiefOfOffice, u.chiefOfOffice, { documentType: 'THONG_BAO', departmentId: w.departments.office.id }, 'TL');

    const signedCopy = await downloadPdf(t, u.officeClerk, doc.id);
    const before = await pdfsig(signedCopy);
    expect(before.match(/Signature #\d/g)).toEqual(['Signature #1']);
    expect(before).toContain('Signature Validation: Signature is Valid.');
    expect(before).toContain('Total document signed');
    expect(before).not.toContain('Not total document signed');
    const signedText = await pdftotext(signedCopy);
    expect(signedText).toContain('Lê Văn Chánh');
    expect(signedText).not.toMatch(/Số: \d+\/TB-UBND/);

    t.clock.set('2025-07-07T08:30:00Z'); // 15:30: the clerk issues
    await t.http.post(`${OUT}/${doc.id}/issue`).set(u.officeClerk.auth).send({}).expect(200);
    const issued = await downloadPdf(t, u.officeClerk, doc.id);
    await saveArtifactPng(issued, 'signing-order-issued-page1', 1);
    await saveArtifactPng(issued, 'signing-order-issued-last', 3);
    expect(issued.subarray(0, signedCopy.length).equals(signedCopy)).toBe(true); // the signer's bytes are untouched
    const after = await pdfsig(issued);
    expect(after.match(/Signature #\d/g)).toEqual(['Signature #1', 'Signature #2']);
    expect(after.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    const [first, second] = after.split('Signature #2');
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Total document signed');
    expect(second).not.toContain('Not total document signed');
    expect(await pdftotext(issued, 1)).toContain('Số: 01/TB-UBND');

    const verify = await t.http.get(`${OUT}/${doc.id}/verify`).set(u.officeClerk.auth).expect(200);
    const [signer, agency] = verify.body.signatures;
    expect(signer).toMatchObject({ role: 'signer', intact: true, coversWholeDocument: false, signedAt: '2025-07-07T09:00:00+07:00' });
    expect(agency).toMatchObject({ role: 'agency', intact: true, coversWholeDocument: true, signedAt: '2025-07-07T15:30:00+07:00' });
    expect(agency.revision).toBe(verify.body.revisions);
    // The number is neither in the signer's revision nor drawn by the agency's: it is in a revision between them.
    expect(agency.revision - signer.revision).toBe(2);
    expect(signedCopy.toString('latin1').match(/%%EOF/g)).toHaveLength(signer.revision);
  });
});
