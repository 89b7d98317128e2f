import AxeBuilder from '@axe-core/playwright';
import dayjs from 'dayjs';
import type { Browser, Page } from 'playwright-core';
import { registerIncoming } from '../factories/incoming.factory';
import { createDraft } from '../factories/outgoing.factory';
import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { launchChromium, openPage, screenshot, signIn, startServedApp } from './browser-support';

jest.setTimeout(300_000);

/** Serious and critical accessibility violations on the page as it is now (axe-core in the browser). */
async function seriousViolations(page: Page): Promise<string[]> {
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
    ({ t, baseUrl } = await startServedApp());
    ward = await createTanBinhWard(t);
    const u = ward.users;
    const doc = await registerIncoming(t, u.officeClerk);
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/submit`).set(u.officeClerk.auth).send({ leaderId: u.chairman.id }).expect(200);
    ids.incoming = doc.id;
    ids.outgoing = (await createDraft(t, u.ktSpecialist, { documentType: 'THONG_BAO', departmentId: ward.departments.kt.id, signerId: u.chiefOfOffice.id })).id;
    ids.task = (await createTask(t, u.chairman, { assignee: { departmentId: ward.departments.kt.id }, deadline: dayjs().add(5, 'day').format('YYYY-MM-DD'), title: 'Rà soát hồ sơ' })).id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

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

  it("fits the leader's worklist, a document's direction form and the tasks on a phone", async () => {
    await check('chairman', [['/', 'Việc cần làm'], ['/van-ban-den/:incoming', 'Số đến'], ['/giao-viec/:task', 'Rà soát hồ sơ']], { width: 390, height: 844 });
  });
});
