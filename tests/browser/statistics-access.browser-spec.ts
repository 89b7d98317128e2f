import type { Browser } from 'playwright-core';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { closeServedWard, openPage, openServedWard, screenshot, signIn } from './browser-support';

jest.setTimeout(300_000);

/** Thống kê opened by its address: only those who may read reports get the statistics; anyone else a plain refusal. */
describe('the statistics page for users with and without the permission', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let ward: TanBinhWard;

  beforeAll(async () => {
    ({ t, baseUrl, ward, browser } = await openServedWard());
  });
  afterAll(() => closeServedWard({ t, browser }));

  /** Opens /thong-ke directly (not from the menu) as this user and records every request for the summary. */
  const openStatistics = async (key: keyof TanBinhWard['users']) => {
    const opened = await openPage(browser, baseUrl);
    const summaryRequests: string[] = [];
    opened.page.on('request', (r) => { if (r.url().includes('/reports/summary')) summaryRequests.push(r.url()); });
    await signIn(opened.page, ward.users[key].username, TEST_PASSWORD);
    await opened.page.goto('/thong-ke');
    return { ...opened, summaryRequests };
  };

  it('a clerk who opens /thong-ke directly is told they may not see statistics: no spinner, no export, no summary request', async () => {
    const { page, errors, context, summaryRequests } = await openStatistics('officeClerk');
    try {
      await page.getByText('Bạn không có quyền xem thống kê.').waitFor();
      await page.getByRole('link', { name: 'Về Việc cần làm' }).waitFor();
      expect(await page.getByRole('link', { name: 'Thống kê' }).count()).toBe(0);
      expect(await page.locator('.ant-spin').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Xuất Excel' }).count()).toBe(0);
      expect(await page.getByText('Xuất tệp').count()).toBe(0);
      expect(await page.locator('.ant-alert-error').count()).toBe(0);
      await screenshot(page, 'thong-ke-van-thu-khong-co-quyen');
      expect(summaryRequests).toEqual([]);
      expect(errors).toEqual([]);
      await page.getByRole('link', { name: 'Về Việc cần làm' }).click();
      await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('the chairman who opens /thong-ke directly still sees the statistics and the export', async () => {
    const { page, errors, context, summaryRequests } = await openStatistics('chairman');
    try {
      await page.getByRole('heading', { name: 'Thống kê' }).waitFor();
      await page.getByText('Theo phòng ban', { exact: true }).waitFor();
      await page.getByText('Tỷ lệ đúng hạn').first().waitFor();
      await page.getByRole('button', { name: 'Xuất Excel' }).waitFor();
      expect(await page.getByText('Bạn không có quyền xem thống kê.').count()).toBe(0);
      expect(summaryRequests.length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
