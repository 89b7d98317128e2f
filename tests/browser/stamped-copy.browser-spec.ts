import type { Browser } from 'playwright-core';
import { readLastSection } from '../../src/modules/files/pdf/incremental-update';
import { signInRevision } from '../support/pdf-compat-support';
import { createDevCa, issueCertificate, toPkcs12 } from '../../src/modules/signing/crypto/dev-ca';
import { parsePkcs12 } from '../../src/modules/signing/crypto/pkcs12';
import { incomingBody } from '../factories/incoming.factory';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { closeServedWard, expectPdfDrawn, incomingPdf, openPage, openServedWard, signIn } from './browser-support';

jest.setTimeout(300_000);

/**
 * The "ĐẾN" stamp is an incremental update of the received file. pdf.js — the web viewer — once refused such a copy of a
 * PDF saved with xref streams ("Invalid Root reference"): the stamped copy must be drawn like any other file.
 */
describe('the stamped (ĐẾN) copy in the web PDF viewer', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let ward: TanBinhWard;

  beforeAll(async () => {
    ({ t, baseUrl, ward, browser } = await openServedWard());
  });
  afterAll(() => closeServedWard({ t, browser }));

  async function registerWithFile(pdf: Buffer): Promise<string> {
    const res = await t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth)
      .field('data', JSON.stringify(incomingBody({ summary: 'Công văn rà soát công chức' })))
      .attach('file', pdf, { filename: 'cong-van.pdf', contentType: 'application/pdf' }).expect(201);
    return res.body.id as string;
  }

  async function sender() {
    const ca = createDevCa({ commonName: 'Sở Nội vụ CA', organization: 'Sở Nội vụ' });
    const cert = issueCertificate(ca, { commonName: 'Sở Nội vụ', organization: 'Sở Nội vụ', kind: 'agency' });
    return parsePkcs12(toPkcs12({ keyPem: cert.keyPem, certPem: cert.certPem, chainPems: [ca.certPem], password: 'pw', friendlyName: 's' }), 'pw');
  }

  it.each([
    ['a PDF saved with xref streams', false],
    ['a PDF signed by its sender in an xref-stream revision', true],
  ])('%s: the stamped copy is drawn by pdf.js, with the stamp in its text and no error on the page', async (_name, signed) => {
    let pdf = await incomingPdf(['SỞ NỘI VỤ', 'Số: 1234/SNV-CCVC', 'V/v rà soát đội ngũ công chức phường sau sắp xếp']);
    if (signed) pdf = await signInRevision(pdf, await sender(), "D:20250703090000+07'00'");
    expect(readLastSection(pdf).kind).toBe('stream');
    const id = await registerWithFile(pdf);
    const { page, errors, context } = await openPage(browser, baseUrl);
    try {
      await signIn(page, ward.users.officeClerk.username, TEST_PASSWORD);
      await page.goto(`/van-ban-den/${id}`);
      await page.getByRole('checkbox', { name: 'Bản có dấu ĐẾN' }).waitFor();
      expect(await page.getByRole('checkbox', { name: 'Bản có dấu ĐẾN' }).isChecked()).toBe(true);
      await expectPdfDrawn(page, `ban-co-dau-den-${signed ? 'da-ky' : 'xref-stream'}`);
      expect(await page.getByText(/Không hiển thị được tệp PDF/).count()).toBe(0);
      await page.getByText('Nội dung trang 1 dạng chữ').click();
      await page.locator('.pdf-text p').getByText(/ĐẾN/).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
