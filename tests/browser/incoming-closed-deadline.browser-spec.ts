import type { Browser } from 'playwright-core';
import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { TEST_PASSWORD, type TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { closeServedWard, openPage, openServedWard, screenshot, signIn } from './browser-support';

jest.setTimeout(300_000);

/**
 * Văn bản đến: a document returned to its sender or recalled by it shows its due date but never "Quá hạn", on the list
 * and on its page (nor do the lines the recall closed); a document still open past its due date does.
 * (Arrival through the axis and the sender's recall request are written as the exchange gateway writes them; see
 * tests/e2e/incoming-overdue-closed.e2e-spec.ts.)
 */
describe('due dates of returned and recalled incoming documents on the screens', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let ward: TanBinhWard;
  const ids = { open: '', returned: '', recalled: '' };
  const SUMMARY = { open: 'V/v báo cáo còn đang xử lý', returned: 'V/v văn bản gửi nhầm nơi nhận', recalled: 'V/v văn bản bị thu hồi' };

  beforeAll(async () => {
    ({ t, baseUrl, ward, browser } = await openServedWard());
    const { officeClerk: clerk, chairman: leader } = ward.users;
    const lead = { lead: { departmentId: ward.departments.kt.id }, deadline: '2025-07-04' };
    // Directed on 1 July with 4 July as the due date; the real clock (long after) takes over for the rest.
    t.clock.set('2025-07-01T09:00:00+07:00');
    ids.open = (await directedIncoming(t, { clerk, leader }, lead, { dueDate: '2025-07-04', summary: SUMMARY.open })).id;
    ids.recalled = (await directedIncoming(t, { clerk, leader }, lead, { dueDate: '2025-07-04', summary: SUMMARY.recalled })).id;
    t.clock.set(null);
    const [received] = (await t.ds.query(
      `INSERT INTO incoming_documents (organization_id, channel, issuer_name, issuer_code, symbol, document_type, document_date, summary,
         urgency, confidentiality, due_date, status, sender_name)
       VALUES ($1, 'electronic', 'Sở thử nghiệm', '000.00.88.H29', '9/STN', 'CONG_VAN', '2025-06-30', $2, 'normal', 'normal', '2025-07-04',
         'received', 'Sở thử nghiệm') RETURNING id`, [ward.org.id, SUMMARY.returned])) as { id: string }[];
    ids.returned = received.id;
    await t.http.post(`/api/v1/incoming-documents/${ids.returned}/return`).set(clerk.auth).send({ reason: 'Văn bản gửi nhầm nơi nhận' }).expect(200);
    await t.ds.query(
      `INSERT INTO exchange_inbound_documents (organization_id, document_id, incoming_document_id, sender_organ_id, sender_name, recall_state)
       VALUES ($1, $2, $3, '000.00.88.H29', 'Sở thử nghiệm', 'requested')`, [ward.org.id, `000.00.88.H29,2025/06/30,${ids.recalled}`, ids.recalled]);
    await t.http.post(`/api/v1/incoming-documents/${ids.recalled}/recall-decision`).set(clerk.auth).send({ accept: true }).expect(200);
  });
  afterAll(() => closeServedWard({ t, browser }));

  it('the list shows "Quá hạn" for the open document only; the returned and recalled ones show "Hạn 04/07/2025"', async () => {
    const { page, errors, context } = await openPage(browser, baseUrl);
    try {
      await signIn(page, ward.users.officeClerk.username, TEST_PASSWORD);
      await page.getByRole('link', { name: 'Văn bản đến' }).click();
      const row = (summary: string) => page.getByRole('row').filter({ hasText: summary });
      await row(SUMMARY.open).getByText(/Quá hạn \d+ ngày/).waitFor();
      await page.locator('.ant-spin-blur').waitFor({ state: 'detached' }); // the list settled, not greyed while it refreshes
      await screenshot(page, 'van-ban-den-tra-lai-thu-hoi-khong-qua-han');
      for (const summary of [SUMMARY.returned, SUMMARY.recalled]) {
        expect({ summary, cell: await row(summary).getByText(/Hạn 04\/07\/2025|Quá hạn/).innerText() }).toEqual({ summary, cell: 'Hạn 04/07/2025' });
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the page of a recalled document shows its due date and its closed line without "Quá hạn"', async () => {
    const { page, errors, context } = await openPage(browser, baseUrl);
    try {
      await signIn(page, ward.users.officeClerk.username, TEST_PASSWORD);
      await page.goto(`/van-ban-den/${ids.recalled}`);
      await page.getByText('Văn bản bị cơ quan gửi thu hồi').waitFor();
      await screenshot(page, 'van-ban-den-thu-hoi');
      expect(await page.getByText('Quá hạn').count()).toBe(0);
      expect(await page.getByText('Hạn 04/07/2025').count()).toBe(2); // Hạn xử lý, and the Kinh tế line's Hạn
      await page.goto(`/van-ban-den/${ids.open}`);
      await page.getByText(/Quá hạn \d+ ngày/).first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
