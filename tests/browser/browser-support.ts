import fontkit from '@pdf-lib/fontkit';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTanBinhWard, type TanBinhWard } from '../factories/ward.factory';
import { createTestApp, type TestApp } from '../setup/test-app';

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');

/** The real service (fresh database) serving the built web application, listening on a random port. */
export async function startServedApp(): Promise<{ t: TestApp; baseUrl: string }> {
  const t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}` };
}

/** The served app with Phường Tân Bình created in it, and a Chromium: what most browser specs start from (beforeAll). */
export async function openServedWard(): Promise<{ t: TestApp; baseUrl: string; ward: TanBinhWard; browser: Browser }> {
  const { t, baseUrl } = await startServedApp();
  const ward = await createTanBinhWard(t);
  return { t, baseUrl, ward, browser: await launchChromium() };
}

/** What openServedWard started, closed (afterAll); either may be missing when beforeAll failed part-way. */
export async function closeServedWard(s: { t?: TestApp; browser?: Browser }): Promise<void> {
  await s.browser?.close();
  await s.t?.close();
}

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A page whose console errors and uncaught exceptions are collected (a screen must produce none). */
export async function openPage(browser: Browser, baseUrl: string, viewport = { width: 1366, height: 768 }) {
  const context: BrowserContext = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url ?? '';
    // GET /worklist (API.md "Worklist v2") is being added to the service by another change; until it is there the
    // web app falls back to GET /inbox, and the browser logs the probe's 404. Nothing else is tolerated.
    if (/\/api\/v1\/worklist\?/.test(url) && m.text().includes('404')) return;
    errors.push(`${m.text()} ${url}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function signIn(page: Page, username: string, password: string) {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByLabel('Tên đăng nhập').waitFor();
}

let shot = 0;
/**
 * A full-page screenshot kept as a test artifact, taken once Ant Design's open/close motions have ended (a dialog
 * fading out was caught half-drawn over the page otherwise); endless ones (spinners) are not waited for, and a motion
 * still running after 2 s is shot as it is.
 */
export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // A string: this file is compiled without the DOM library; it runs in the page.
  await page.waitForFunction(`document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)`, undefined, { timeout: 2_000 })
    .catch(() => undefined);
  await page.screenshot({ path: join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** Picks an option of an Ant Design select found by its label. */
export async function choose(page: Page, label: string | RegExp, option: string) {
  const input = page.getByLabel(label, { exact: typeof label === 'string' });
  // Options that arrive while the dropdown is open re-render it and a click on the old option is lost: check that the
  // select shows the pick, and pick again if not.
  const select = page.locator('.ant-select').filter({ has: input }).first();
  for (let attempt = 1; ; attempt++) {
    await input.click();
    if (await input.isEditable()) await input.fill(option);
    // The options may still be loading (a list query behind the select): wait for this one before clicking.
    const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    await item.waitFor({ timeout: attempt < 3 ? 10_000 : 30_000 }).catch(() => undefined);
    await item.click({ timeout: 10_000 }).catch(() => undefined);
    // A multiple select stays open after a pick: leaving the field closes it (Escape would also close a surrounding
    // dialog, Tab would pick the highlighted option).
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden', timeout: 1500 })
      .catch(() => input.evaluate((el) => (el as { blur: () => void }).blur()));
    if ((await select.innerText()).includes(option)) return;
    if (attempt >= 5) throw new Error(`${String(label)}: could not pick "${option}"`);
  }
}

/** Clicks a button that opens a form and waits for the form's field, clicking again if the page re-rendered first. */
export async function openForm(page: Page, button: string, field: string) {
  for (let attempt = 1; ; attempt++) {
    await page.getByRole('button', { name: button }).first().click();
    if (await page.getByLabel(field, { exact: true }).waitFor({ timeout: 4_000 }).then(() => true, () => false)) return;
    if (attempt >= 4) throw new Error(`"${button}" did not open the form with "${field}"`);
  }
}

/** Types a date into an Ant Design date picker found by its label (DD/MM/YYYY). */
export async function typeDate(page: Page, label: string, ddmmyyyy: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(ddmmyyyy);
  await input.press('Enter');
}

const font = () => readFileSync(join(__dirname, '..', '..', 'assets', 'fonts', 'LiberationSerif-Regular.ttf'));
const bold = () => readFileSync(join(__dirname, '..', '..', 'assets', 'fonts', 'LiberationSerif-Bold.ttf'));

/** A one-page PDF with Vietnamese text (Liberation Serif), e.g. an incoming công văn from Sở Nội vụ. */
export async function incomingPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font(), { subset: true });
  const page = doc.addPage([595.28, 841.89]);
  lines.forEach((l, i) => page.drawText(l, { x: 70, y: 770 - i * 22, size: 13, font: f }));
  return Buffer.from(await doc.save());
}

/**
 * A draft laid out like a Decree 30 Thông báo: agency and Quốc hiệu header, "Số:   /TB-UBND", the place-and-date
 * line left blank, the title and body, "Nơi nhận:" on the left and free space for the signature block on the right.
 */
export async function decree30DraftPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font(), { subset: true });
  const b = await doc.embedFont(bold(), { subset: true });
  const page = doc.addPage([595.28, 841.89]);
  const t = (s: string, x: number, y: number, size = 13, fo = f) => page.drawText(s, { x, y, size, font: fo });
  t('ỦY BAN NHÂN DÂN', 70, 790, 13); t('PHƯỜNG TÂN BÌNH', 75, 774, 13, b);
  t('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 290, 790, 12, b); t('Độc lập - Tự do - Hạnh phúc', 340, 774, 13, b);
  // "Số:" and "/TB-UBND" apart: the number (at least " 0000" wide) must fit before the slash.
  t('Số:', 80, 745, 13); t('/TB-UBND', 130, 745, 13); t('Tân Bình, ngày      tháng      năm 2025', 330, 745, 13);
  t('THÔNG BÁO', 255, 700, 14, b); t('Lịch tiếp công dân tháng 7 năm 2025', 200, 682, 13, b);
  const body = [
    'Ủy ban nhân dân phường Tân Bình thông báo lịch tiếp công dân định kỳ tháng 7 năm 2025',
    'tại Trụ sở Ủy ban nhân dân phường như sau:',
    '1. Chủ tịch Ủy ban nhân dân phường tiếp công dân vào sáng thứ Năm hằng tuần.',
    '2. Các phòng chuyên môn bố trí công chức tiếp nhận đơn thư trong giờ hành chính.',
    'Ủy ban nhân dân phường thông báo để cán bộ, công chức và Nhân dân biết, thực hiện./.',
  ];
  body.forEach((l, i) => t(l, 70, 640 - i * 22, 13));
  t('Nơi nhận:', 70, 490, 12, b); t('- Các phòng chuyên môn;', 70, 474, 11); t('- Lưu: VT.', 70, 460, 11);
  return Buffer.from(await doc.save());
}

/** Dark pixels (sampled every 4th pixel) on the pdf.js canvas: a drawn page has text, a blank canvas has none. */
const DARK_PIXELS_ON_PDF_CANVAS = `(() => {
  const c = document.querySelector('canvas.pdf-canvas');
  if (!c || !c.width || !c.height) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let dark = 0;
  for (let i = 0; i < d.length; i += 16) if (d[i + 3] > 0 && d[i] < 128 && d[i + 1] < 128 && d[i + 2] < 128) dark++;
  return dark;
})()`;

/** Waits (with a deadline) until the PDF viewer has drawn a page with visible ink, then records the screen. */
export async function expectPdfDrawn(page: Page, name: string) {
  await page.getByRole('document').getByText(/^Trang 1\/\d+$/).waitFor().catch(async (e: Error) => {
    await screenshot(page, `${name}-loi`);
    throw new Error(`${e.message}\nOn the screen: ${(await page.locator('main').innerText().catch(() => '')).slice(0, 800)}`);
  });
  await page.waitForFunction(`${DARK_PIXELS_ON_PDF_CANVAS} > 100`, undefined, { timeout: 20_000 });
  await page.getByRole('document').getByRole('link', { name: 'Tải về' }).waitFor();
  await screenshot(page, name);
}
