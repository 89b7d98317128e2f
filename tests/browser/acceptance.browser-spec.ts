import dayjs from 'dayjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { choose, closeServedWard, decree30DraftPdf, expectPdfDrawn, incomingPdf, openForm, openPage, openServedWard, screenshot, signIn, signOut, typeDate } from './browser-support';

jest.setTimeout(300_000);

/**
 * UI.md's acceptance path (seed 004, phường Tân Bình), walked in Chromium by the visible Vietnamese words only:
 * register → present → direct → receive → assign → complete → draft → review → sign TL. → issue → view → task → statistics.
 */
describe('The seed-004 path through the web application', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let ward: TanBinhWard;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ t, baseUrl, ward, browser } = await openServedWard());
    const admin = ward.users.admin.auth;
    await t.http.post('/api/v1/signing-keys/dev-certificates').set(admin).send({ userId: ward.users.chiefOfOffice.id }).expect(201);
    await t.http.post('/api/v1/signing-keys/dev-certificates').set(admin).send({ agency: true }).expect(201);
    ({ page, errors } = await openPage(browser, baseUrl));
  });
  afterEach(async () => { await screenshot(page, 'man-hinh-cuoi').catch(() => undefined); });
  afterAll(() => closeServedWard({ t, browser }));

  const as = async (key: keyof TanBinhWard['users']) => {
    if (await page.getByRole('button', { name: 'Đăng xuất' }).isVisible().catch(() => false)) await signOut(page);
    await signIn(page, ward.users[key].username, TEST_PASSWORD);
  };
  const dialog = () => page.getByRole('dialog');

  it('takes a công văn from registration to an issued, signed Thông báo, a task and the dashboard, by the words on the screen', async () => {
    // 1. The Office clerk registers a công văn from Sở Nội vụ with its PDF and sees its arrival number.
    await as('officeClerk');
    await screenshot(page, 'van-thu-viec-can-lam');
    await page.getByRole('link', { name: 'Văn bản đến' }).click();
    await page.getByRole('button', { name: 'Vào sổ văn bản đến' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'cv-so-noi-vu.pdf', mimeType: 'application/pdf',
      buffer: await incomingPdf(['SỞ NỘI VỤ THÀNH PHỐ HỒ CHÍ MINH', 'Số: 1234/SNV-CCVC', 'V/v rà soát vị trí việc làm cấp xã']),
    });
    await page.getByLabel('Cơ quan ban hành').fill('Sở Nội vụ Thành phố Hồ Chí Minh');
    await page.getByLabel('Số, ký hiệu').fill('1234/SNV-CCVC');
    await typeDate(page, 'Ngày văn bản', dayjs().subtract(2, 'day').format('DD/MM/YYYY'));
    await choose(page, 'Loại văn bản', 'Công văn');
    await page.getByLabel('Trích yếu').fill('V/v rà soát vị trí việc làm của công chức cấp xã');
    await screenshot(page, 'van-thu-vao-so-form');
    await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
    await page.getByText('Số đến 1', { exact: true }).waitFor();
    await screenshot(page, 'van-thu-so-den');

    // 2. … and presents it to the Chủ tịch.
    await page.getByRole('link', { name: /Mở văn bản vừa vào sổ/ }).click();
    await page.getByRole('checkbox', { name: 'Bản có dấu ĐẾN' }).click(); // the received original, as sent
    await expectPdfDrawn(page, 'van-thu-van-ban-den-pdf');
    await page.getByRole('button', { name: 'Trình lãnh đạo' }).click();
    await choose(page, 'Lãnh đạo', ward.users.chairman.fullName);
    await dialog().getByRole('button', { name: 'Trình lãnh đạo' }).click();
    await page.getByText('Chờ chỉ đạo', { exact: true }).filter({ visible: true }).first().waitFor();
    const documentUrl = page.url();
    await screenshot(page, 'van-thu-trinh-lanh-dao');

    // 3. The Chủ tịch finds it in Việc cần làm and directs it.
    await as('chairman');
    await page.getByRole('link', { name: 'Chỉ đạo xử lý' }).first().click();
    await choose(page, 'Đơn vị chủ trì', 'Phòng Kinh tế - Hạ tầng và Đô thị');
    await choose(page, 'Đơn vị phối hợp', 'Phòng Văn hóa - Xã hội');
    await typeDate(page, 'Hạn xử lý', dayjs().add(10, 'day').format('DD/MM/YYYY'));
    await page.getByLabel('Ý kiến chỉ đạo').fill('Giao Phòng Kinh tế chủ trì rà soát, báo cáo trước hạn.');
    await screenshot(page, 'chu-tich-chi-dao');
    await page.getByRole('button', { name: 'Chuyển xử lý' }).click();
    await page.getByText('Đang xử lý', { exact: true }).filter({ visible: true }).first().waitFor();
    await screenshot(page, 'chu-tich-da-chuyen');

    // 4. Its head does not see it before the Phòng Kinh tế clerk assigns it: not in their own ("Của tôi") worklist.
    const incomingId = documentUrl.split('/').pop() as string;
    await signOut(page);
    const headWork = page.waitForResponse((r) => /\/api\/v1\/(worklist\?scope=mine|inbox)/.test(r.url()) && r.ok());
    await signIn(page, ward.users.ktHead.username, TEST_PASSWORD);
    type Listed = { id: string; kind?: string };
    const listed = (await (await headWork).json()) as { items?: Listed[]; counts?: { incoming: number } } | Listed[];
    const headItems = Array.isArray(listed) ? listed : listed.items ?? [];
    expect(headItems.filter((i) => i.id === incomingId)).toEqual([]);
    const ownIncoming = headItems.filter((i) => i.kind === 'incoming').length;
    const shownCount = Array.isArray(listed) ? ownIncoming : listed.counts?.incoming ?? ownIncoming;
    await page.getByRole('tab', { name: /^Văn bản đến \(\d+\)$/ }).click();
    await page.getByRole('tab', { name: `Văn bản đến (${shownCount})` }).waitFor();
    expect(await page.getByText('V/v rà soát vị trí việc làm của công chức cấp xã').count()).toBe(0);
    await screenshot(page, 'truong-phong-chua-thay-van-ban');

    // … the Phòng Kinh tế clerk receives it and assigns a specialist.
    await as('ktClerk');
    await page.getByRole('link', { name: 'Tiếp nhận' }).first().click();
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    // The line is taken in once its button is gone; the actions re-render then, so open the form only after.
    await page.getByRole('button', { name: 'Tiếp nhận' }).waitFor({ state: 'detached' });
    await openForm(page, 'Giao xử lý', 'Người xử lý');
    await choose(page, 'Người xử lý', ward.users.ktSpecialist.fullName);
    await dialog().getByRole('button', { name: 'Giao xử lý' }).click();
    await page.getByRole('cell', { name: ward.users.ktSpecialist.fullName }).waitFor();
    await screenshot(page, 'van-thu-phong-giao-xu-ly');

    // 5. The specialist completes it: the document shows completed.
    await as('ktSpecialist');
    await page.goto(documentUrl);
    await page.getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByLabel('Kết quả xử lý').fill('Đã rà soát, gửi báo cáo số liệu vị trí việc làm.');
    await dialog().getByRole('button', { name: 'Hoàn thành' }).click();
    await page.getByText('Đã hoàn thành', { exact: true }).filter({ visible: true }).first().waitFor();
    await screenshot(page, 'chuyen-vien-hoan-thanh');

    // 6. The specialist drafts a Thông báo for the Chánh Văn phòng to sign and submits it.
    await page.getByRole('link', { name: 'Văn bản đi' }).click();
    await page.getByRole('button', { name: 'Soạn văn bản' }).click();
    await page.getByLabel('Trích yếu').fill('Thông báo lịch tiếp công dân tháng 7 năm 2025');
    await choose(page, 'Người ký', ward.users.chiefOfOffice.fullName);
    await page.locator('input[type=file]').setInputFiles({ name: 'du-thao-thong-bao.pdf', mimeType: 'application/pdf', buffer: await decree30DraftPdf() });
    await screenshot(page, 'chuyen-vien-soan-van-ban');
    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await page.getByRole('button', { name: 'Trình duyệt' }).click();
    await choose(page, 'Người duyệt', ward.users.ktHead.fullName);
    await dialog().getByRole('button', { name: 'Trình duyệt' }).click();
    await page.getByText('Chờ duyệt', { exact: true }).filter({ visible: true }).first().waitFor();

    // … the head approves it …
    await as('ktHead');
    await page.getByRole('tab', { name: /Văn bản đi/ }).click();
    await page.getByRole('link', { name: 'Duyệt' }).first().click();
    await page.getByRole('button', { name: 'Duyệt' }).click();
    await dialog().getByRole('button', { name: 'Duyệt' }).click();
    await page.getByText('Chờ ký', { exact: true }).filter({ visible: true }).first().waitFor();
    await screenshot(page, 'truong-phong-duyet');

    // … the Chánh Văn phòng signs "TL. CHỦ TỊCH" …
    await as('chiefOfOffice');
    await page.getByRole('tab', { name: /Văn bản đi/ }).click();
    await page.getByRole('link', { name: 'Ký số' }).first().click();
    await page.getByText('TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG').waitFor();
    await screenshot(page, 'chanh-van-phong-ky-so');
    await page.getByRole('button', { name: 'Ký số' }).click();
    await page.getByText('Đã ký', { exact: true }).filter({ visible: true }).first().waitFor();

    // … the Office clerk issues it and opens the signed file.
    await as('officeClerk');
    await screenshot(page, 'van-thu-viec-can-lam-ban-hanh');
    await page.getByRole('tab', { name: /Văn bản đi/ }).click();
    await page.getByRole('link', { name: 'Ban hành' }).first().click();
    await page.getByText('Số: …/TB-UBND').waitFor();
    await page.getByRole('button', { name: 'Ban hành' }).click();
    await page.getByRole('heading', { name: /Số: 01\/TB-UBND/ }).waitFor();
    await page.getByText('Hợp lệ', { exact: true }).waitFor();
    await expectPdfDrawn(page, 'van-thu-ban-hanh-xem-van-ban');
    const outgoingId = page.url().split('/').pop() as string;
    const token = await page.evaluate<string | null>("localStorage.getItem('vanthu.accessToken')");
    const file = await page.request.get(`/api/v1/outgoing-documents/${outgoingId}/file`, { headers: { Authorization: `Bearer ${token}` } });
    const dir = mkdtempSync(join(tmpdir(), 'vanthu-browser-'));
    writeFileSync(join(dir, 'issued.pdf'), await file.body());
    // The number fills the draft's blank before the slash (right-aligned to it): read the line as laid out.
    expect(execFileSync('pdftotext', ['-layout', join(dir, 'issued.pdf'), '-'], { encoding: 'utf8' })).toMatch(/Số:\s*01\s*\/TB-UBND/);

    // 7. The Chủ tịch assigns a task to Phòng Kinh tế; the dashboard shows it and the documents.
    await as('chairman');
    await page.getByRole('link', { name: 'Giao việc' }).click();
    await page.getByRole('button', { name: 'Giao việc mới' }).click();
    await page.getByLabel('Tên nhiệm vụ').fill('Rà soát hồ sơ cấp phép xây dựng quý III');
    await page.getByLabel('Nội dung').fill('Tổng hợp hồ sơ tồn đọng, đề xuất hướng xử lý.');
    await choose(page, 'Đơn vị thực hiện', 'Phòng Kinh tế - Hạ tầng và Đô thị');
    await typeDate(page, 'Hạn hoàn thành', dayjs().add(20, 'day').format('DD/MM/YYYY')); // its Enter submits the form
    await page.getByRole('heading', { name: /Rà soát hồ sơ cấp phép/ }).waitFor();
    await screenshot(page, 'chu-tich-giao-viec');
    await page.getByRole('link', { name: 'Thống kê' }).click();
    const stat = (title: string) => page.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content-value');
    await stat('Nhiệm vụ đã giao').waitFor();
    await screenshot(page, 'chu-tich-thong-ke-truoc');
    expect(await stat('Nhiệm vụ đã giao').innerText()).toBe('1');
    expect(await stat('Đã nhận').innerText()).toBe('1');
    expect(await stat('Đã xử lý').innerText()).toBe('1');
    expect(await stat('Văn bản đi đã ban hành').innerText()).toBe('1');
    await page.getByRole('cell', { name: 'Phòng Kinh tế - Hạ tầng và Đô thị' }).waitFor();
    await screenshot(page, 'chu-tich-thong-ke');
    expect(errors).toEqual([]);
  });
});
