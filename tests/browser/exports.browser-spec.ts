import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { JobWorkers } from '../../src/common/queue';
import { registerIncoming } from '../factories/incoming.factory';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { closeServedWard, openPage, openServedWard, screenshot, signIn, signOut } from './browser-support';

jest.setTimeout(300_000);

/** Xuất Excel and In sổ (PDF) from the screens: the progress bar fills, then the file downloads with its Vietnamese name. */
describe('Exports from the web application', () => {
  let t: TestApp;
  let browser: Browser;
  let ward: TanBinhWard;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    let baseUrl: string;
    ({ t, baseUrl, ward, browser } = await openServedWard());
    await t.app.get(JobWorkers).start({ concurrency: 2 });
    for (let i = 0; i < 3; i++) await registerIncoming(t, ward.users.officeClerk, { summary: `V/v báo cáo công tác tháng số ${i + 1}` });
    ({ page, errors } = await openPage(browser, baseUrl));
  });
  afterAll(async () => {
    await t?.app.get(JobWorkers).stop();
    await closeServedWard({ t, browser });
  });

  const as = async (key: keyof TanBinhWard['users']) => {
    if (await page.getByRole('button', { name: 'Đăng xuất' }).isVisible().catch(() => false)) await signOut(page);
    await signIn(page, ward.users[key].username, TEST_PASSWORD);
  };

  /** The bar's width is animated: wait for the animation so the screenshot shows what the user ends up seeing. */
  const barSettled = () => page.getByRole('progressbar', { name: 'Tiến độ xuất tệp' })
    .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished)).then(() => undefined));

  it('lets a leader export the statistics to Excel from Thống kê, shows the progress bar and downloads the workbook', async () => {
    await as('chairman');
    await page.getByRole('link', { name: 'Thống kê' }).click();
    await page.getByRole('button', { name: 'Xuất Excel' }).click();
    const download = page.getByRole('button', { name: /^Tải về/ });
    await download.waitFor({ timeout: 60_000 });
    await page.getByRole('progressbar', { name: 'Tiến độ xuất tệp' }).waitFor();
    expect(await page.getByRole('progressbar', { name: 'Tiến độ xuất tệp' }).getAttribute('aria-valuenow')).toBe('100');
    await barSettled();
    await screenshot(page, 'xuat-thong-ke-excel');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^Thống kê theo phòng ban .*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await file.path()) as unknown as ArrayBuffer);
    expect(wb.worksheets[0].name).toBe('Thống kê theo phòng ban');
    expect(errors).toEqual([]);
  });

  it('lets the Office clerk print the incoming register to PDF from Văn bản đến', async () => {
    await as('officeClerk');
    await page.getByRole('link', { name: 'Văn bản đến' }).click();
    await page.getByRole('button', { name: 'In sổ, xuất Excel' }).click();
    await page.getByRole('button', { name: 'In sổ (PDF)' }).click();
    const download = page.getByRole('button', { name: /^Tải về/ });
    await download.waitFor({ timeout: 120_000 });
    expect(await page.getByRole('progressbar', { name: 'Tiến độ xuất tệp' }).getAttribute('aria-valuenow')).toBe('100');
    await barSettled();
    await screenshot(page, 'in-so-van-ban-den');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^Sổ đăng ký văn bản đến .*\.pdf$/);
    expect(readFileSync(await file.path()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
  });
});
