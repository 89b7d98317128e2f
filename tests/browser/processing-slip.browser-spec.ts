import type { Browser } from 'playwright-core';
import { incomingBody } from '../factories/incoming.factory';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { closeServedWard, incomingPdf, openPage, openServedWard, screenshot, signIn } from './browser-support';

jest.setTimeout(300_000);

/** The processing slip (phiếu giải quyết văn bản đến) is opened from the document's page, drawn by the same viewer. */
describe('the processing slip on an incoming document page', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let ward: TanBinhWard;

  beforeAll(async () => {
    ({ t, baseUrl, ward, browser } = await openServedWard());
  });
  afterAll(() => closeServedWard({ t, browser }));

  it('a registered document offers "Phiếu giải quyết", which draws the slip with its number and no error', async () => {
    const pdf = await incomingPdf(['SỞ NỘI VỤ', 'Số: 88/SNV-CCVC', 'V/v rà soát đội ngũ công chức phường']);
    const res = await t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth)
      .field('data', JSON.stringify(incomingBody({ summary: 'Công văn rà soát đội ngũ công chức' })))
      .attach('file', pdf, { filename: 'cong-van.pdf', contentType: 'application/pdf' }).expect(201);
    const { id, arrivalNumber } = res.body as { id: string; arrivalNumber: number };
    const { page, errors, context } = await openPage(browser, baseUrl);
    try {
      await signIn(page, ward.users.officeClerk.username, TEST_PASSWORD);
      await page.goto(`/van-ban-den/${id}`);
      await page.getByRole('button', { name: 'Phiếu giải quyết' }).click();
      const slip = page.getByRole('document', { name: `Phiếu giải quyết — số đến ${arrivalNumber}` });
      await slip.getByText(/^Trang 1\/\d+$/).waitFor();
      await slip.getByRole('link', { name: 'Tải về' }).waitFor();
      await slip.getByText('Nội dung trang 1 dạng chữ').click();
      await slip.locator('.pdf-text p').getByText(/PHIẾU GIẢI QUYẾT/i).waitFor();
      expect(await page.getByText(/Không hiển thị được tệp PDF/).count()).toBe(0);
      await screenshot(page, 'phieu-giai-quyet');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
