import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { closeServedWard, openPage, openServedWard, screenshot, signIn } from './browser-support';

jest.setTimeout(300_000);
const fixture = (name: string) => path.resolve(__dirname, '../fixtures/legacy', name);

/** Quản trị → Nhập sổ cũ, as the Office clerk who keeps the registers: check a file with errors, then import its valid rows. */
describe('Nhập sổ cũ (legacy import screen)', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let ward: TanBinhWard;
  beforeAll(async () => {
    ({ t, baseUrl, ward, browser } = await openServedWard());
  });
  afterAll(() => closeServedWard({ t, browser }));

  it('shows the detected columns and every row error, and imports the valid rows once the clerk agrees to skip the wrong ones', async () => {
    const { page, errors, context } = await openPage(browser, baseUrl);
    try {
      await signIn(page, ward.users.officeClerk.username, TEST_PASSWORD);
      await page.getByRole('link', { name: 'Quản trị' }).click();
      await page.getByRole('link', { name: 'Nhập sổ cũ' }).click();
      await page.getByRole('heading', { name: 'Nhập sổ cũ' }).waitFor();
      await page.getByLabel('Đơn vị cũ').fill('Phường Thanh Trì');
      await page.getByLabel('Năm của sổ').fill('2024');
      await page.locator('input[type=file][accept^=".xlsx"]').setInputFiles(fixture('so-den-co-loi.xlsx'));
      await page.getByRole('button', { name: 'Kiểm tra' }).click();
      await page.getByText('Đọc được 8 dòng: 5 dòng hợp lệ, 3 lỗi.', { exact: false }).waitFor();
      await page.getByRole('cell', { name: 'Số đến 1602 trùng với dòng 3.' }).waitFor();
      await page.getByLabel('Cột cho Số đến').waitFor();
      await page.waitForFunction("!document.querySelector('.ant-btn-loading') && document.getAnimations().every((a) => a.playState !== 'running')");
      await screenshot(page, 'nhap-so-cu-kiem-tra');
      const axe = await new AxeBuilder({ page } as never).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await expect(page.getByRole('button', { name: 'Nhập vào sổ' }).isDisabled()).resolves.toBe(true);
      await page.getByRole('checkbox', { name: /Bỏ qua các dòng lỗi/ }).check();
      await page.getByRole('button', { name: 'Nhập vào sổ' }).click();
      await page.getByText('Đã nhập 5 văn bản vào "Sổ văn bản đến — Phường Thanh Trì (cũ)"').waitFor();
      await screenshot(page, 'nhap-so-cu-da-nhap');
      const [{ n }] = (await t.ds.query(`SELECT count(*)::int AS n FROM incoming_documents WHERE organization_id = $1 AND legacy`, [ward.org.id])) as { n: number }[];
      expect(n).toBe(5);
      // The imported documents are found with the new ones, marked as coming from the old register.
      await page.getByRole('link', { name: 'Văn bản đến' }).click();
      await page.getByLabel('Tìm văn bản đến').fill('so den 1604 thanh tri');
      await page.getByLabel('Tìm văn bản đến').press('Enter');
      // The list showed all five before the search: wait for the searched list (one row), then check it is 1604.
      await page.waitForFunction("document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 1", undefined, { timeout: 30_000 });
      await page.getByRole('row', { name: /1604\s*Sổ cũ/ }).waitFor();
      await expect(page.getByRole('row').count()).resolves.toBe(2);
      await screenshot(page, 'nhap-so-cu-tim-thay');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
