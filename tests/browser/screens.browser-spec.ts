import AxeBuilder from '@axe-core/playwright';
import dayjs from 'dayjs';
import type { Browser, Page } from 'playwright-core';
import { registerIncoming } from '../factories/incoming.factory';
import { createDraft } from '../factories/outgoing.factory';
import { createTask } from '../factories/tasks.factory';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { choose, closeServedWard, openPage, openServedWard, screenshot, signIn } from './browser-support';

jest.setTimeout(300_000);

/** Serious and critical accessibility violations on the page as it is now (axe-core in the browser). */
async function seriousViolations(page: Page): Promise<string[]> {
  // Judge the screen at rest: a button still leaving its loading state, or a dialog still fading, has a passing low
  // contrast that no one reads.
  await page.waitForFunction("!document.querySelector('.ant-btn-loading') && document.getAnimations().every((a) => a.playState !== 'running')",
    undefined, { timeout: 5_000 }).catch(() => undefined);
  const result = await new AxeBuilder({ page } as never).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * Every screen of UI.md, opened by a person whose work it is: each renders its heading, axe-core finds no serious or
 * critical violation, and the browser console stays free of errors. The leader's screens are also checked on a phone.
 */
describe('Every screen, as the role that uses it', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let ward: TanBinhWard;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ t, baseUrl, ward, browser } = await openServedWard());
    const u = ward.users;
    const doc = await registerIncoming(t, u.officeClerk);
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/submit`).set(u.officeClerk.auth).send({ leaderId: u.chairman.id }).expect(200);
    ids.incoming = doc.id;
    ids.outgoing = (await createDraft(t, u.ktSpecialist, { documentType: 'THONG_BAO', departmentId: ward.departments.kt.id, signerId: u.chiefOfOffice.id })).id;
    ids.task = (await createTask(t, u.chairman, { assignee: { departmentId: ward.departments.kt.id }, deadline: dayjs().add(5, 'day').format('YYYY-MM-DD'), title: 'Rà soát hồ sơ' })).id;
  });
  afterAll(() => closeServedWard({ t, browser }));

  async function check(who: keyof TanBinhWard['users'] | null, screens: [string, string][], viewport?: { width: number; height: number }) {
    const { page, errors, context } = await openPage(browser, baseUrl, viewport);
    try {
      if (who) await signIn(page, ward.users[who].username, TEST_PASSWORD);
      const problems: string[] = [];
      for (const [path, heading] of screens) {
        await page.goto(path.replace(/:(\w+)/, (_, k: string) => ids[k]));
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
        await screenshot(page, `man-hinh-${who ?? 'khach'}-${viewport ? 'dien-thoai-' : ''}${path.replace(/[/:]+/g, '-').replace(/^-|-$/g, '') || 'trang-chu'}`);
        for (const v of await seriousViolations(page)) problems.push(`${path}: ${v}`);
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it('shows the sign-in page without accessibility problems or console errors', async () => {
    await check(null, [['/dang-nhap', 'vanthu — Văn phòng số']]);
  });

  it("shows the Office clerk's screens: worklist, incoming list, register form, a document, outgoing list, notifications", async () => {
    await check('officeClerk', [
      ['/', 'Việc cần làm'], ['/van-ban-den', 'Văn bản đến'], ['/van-ban-den/vao-so', 'Vào sổ văn bản đến'],
      ['/van-ban-den/:incoming', 'Số đến'], ['/van-ban-di', 'Văn bản đi'], ['/thong-bao', 'Thông báo'], ['/doi-mat-khau', 'Đổi mật khẩu'],
    ]);
  });

  it("shows the Chủ tịch's screens: direction form, tasks, new task, a task, statistics", async () => {
    await check('chairman', [
      ['/van-ban-den/:incoming', 'Số đến'], ['/giao-viec', 'Giao việc'], ['/giao-viec/moi', 'Giao việc mới'],
      ['/giao-viec/:task', 'Rà soát hồ sơ'], ['/thong-ke', 'Thống kê'],
    ]);
  });

  it("shows the specialist's drafting screens", async () => {
    await check('ktSpecialist', [['/van-ban-di/soan', 'Soạn văn bản'], ['/van-ban-di/:outgoing', 'Thông báo']]);
  });

  it("shows the administrator's pages, readiness included", async () => {
    await check('admin', [
      ['/quan-tri', 'Quản trị'], ['/quan-tri/phong-ban', 'Phòng ban'], ['/quan-tri/nguoi-dung', 'Người dùng'],
      ['/quan-tri/quy-tac-ky', 'Quy tắc ký'], ['/quan-tri/uy-quyen', 'Ủy quyền'], ['/quan-tri/san-sang', 'Kiểm tra sẵn sàng'],
    ]);
  });

  it("lets the administrator add a concurrent role, reset a password and add a signing rule, and the API then answers with them", async () => {
    const { page, errors, context } = await openPage(browser, baseUrl);
    const u = ward.users;
    try {
      await signIn(page, u.admin.username, TEST_PASSWORD);
      const problems: string[] = [];
      await page.goto('/quan-tri/nguoi-dung');
      await page.getByRole('button', { name: `Sửa vai trò của ${u.vhxhSpecialist.fullName}` }).click();
      await page.getByRole('button', { name: 'Thêm vai trò (kiêm nhiệm)' }).click();
      await choose(page, 'Vai trò 2', 'Văn thư');
      await choose(page, 'Phòng ban 2', 'Phòng Văn hóa - Xã hội');
      problems.push(...(await seriousViolations(page)));
      await screenshot(page, 'quan-tri-sua-vai-tro');
      await page.getByRole('dialog').getByRole('button', { name: 'Sửa vai trò', exact: true }).click();
      await page.getByRole('row', { name: new RegExp(u.vhxhSpecialist.fullName) }).getByText('Văn thư — Phòng Văn hóa - Xã hội').waitFor();
      const user = await t.http.get(`/api/v1/users/${u.vhxhSpecialist.id}`).set(u.admin.auth).expect(200);
      expect(user.body.roles.map((r: { role: string; departmentId: string }) => `${r.role}@${r.departmentId}`).sort())
        .toEqual([`clerk@${ward.departments.vhxh.id}`, `specialist@${ward.departments.vhxh.id}`]);

      await page.getByRole('button', { name: `Đặt lại mật khẩu của ${u.officeSpecialist.fullName}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
      const temporary = await page.getByTestId('temporary-password').innerText().catch(async (e: Error) => {
        // Failed once on a loaded CI run with nothing to go on: keep what the screen showed (dialogs, alerts) and the page's errors.
        await screenshot(page, 'quan-tri-mat-khau-tam-khong-hien');
        const dialogs = await page.getByRole('dialog').allInnerTexts();
        throw new Error(`${e.message}\ndialogs: ${JSON.stringify(dialogs)}\npage errors: ${JSON.stringify(errors)}`);
      });
      await page.waitForFunction("!document.querySelector('.ant-zoom-appear, .ant-zoom-enter, .ant-fade-appear, .ant-fade-enter')"); // fade-in done
      problems.push(...(await seriousViolations(page)));
      await screenshot(page, 'quan-tri-mat-khau-tam');
      const login = await t.http.post('/api/v1/auth/login').send({ username: u.officeSpecialist.username, password: temporary }).expect(200);
      expect(login.body.mustChangePassword).toBe(true);
      await page.getByRole('button', { name: 'Đã ghi lại, đóng' }).click();

      await page.goto('/quan-tri/quy-tac-ky');
      const before = (await t.http.get('/api/v1/signing-rules').set(u.admin.auth).expect(200)).body as unknown[];
      const n = before.length + 1;
      await page.getByRole('button', { name: 'Sửa quy tắc ký' }).click();
      await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
      await choose(page, `Vai trò (quy tắc ${n})`, 'Chủ tịch');
      await choose(page, new RegExp(`^Loại phòng \\(quy tắc ${n}\\)`), 'Phòng chuyên môn'); // an optional field: its label ends with the optional mark
      await choose(page, `Hình thức ký (quy tắc ${n})`, 'TL.');
      await choose(page, `Loại văn bản (quy tắc ${n})`, 'Giấy mời');
      await page.getByRole('dialog').getByRole('button', { name: 'Sửa quy tắc ký' }).click();
      await page.getByText('Vai trò Chủ tịch là vai trò của cả đơn vị, không gắn với loại phòng.').waitFor(); // beside "Loại phòng", the role by its name
      problems.push(...(await seriousViolations(page)));
      await screenshot(page, 'quan-tri-quy-tac-ky-loi');
      expect((await t.http.get('/api/v1/signing-rules').set(u.admin.auth).expect(200)).body).toHaveLength(before.length);
      await choose(page, `Vai trò (quy tắc ${n})`, 'Trưởng phòng');
      await page.getByRole('dialog').getByRole('button', { name: 'Sửa quy tắc ký' }).click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: 'Trưởng phòng (Phòng chuyên môn)' }).waitFor();
      await screenshot(page, 'quan-tri-quy-tac-ky');
      const after = (await t.http.get('/api/v1/signing-rules').set(u.admin.auth).expect(200)).body as { role: string; departmentKind: string | null; authority: string; documentTypes: string[] }[];
      expect(after).toHaveLength(n);
      expect(after).toContainEqual(expect.objectContaining({ role: 'head', departmentKind: 'department', authority: 'TL', documentTypes: ['GIAY_MOI'] }));
      expect(problems).toEqual([]);
      // The one refused save above is the browser's only logged error: its 400 is the point of that step.
      expect(errors.filter((e) => !/status of 400 .*\/api\/v1\/signing-rules$/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("fits the leader's worklist, a document's direction form and the tasks on a phone", async () => {
    await check('chairman', [['/', 'Việc cần làm'], ['/van-ban-den/:incoming', 'Số đến'], ['/giao-viec/:task', 'Rà soát hồ sơ']], { width: 390, height: 844 });
  });
});
