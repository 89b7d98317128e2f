import type { Browser } from 'playwright-core';
import { Agency, Axis, buildOnce, createAgency, issueCongVan, startAxis, waitFor, waitForStatus } from '../support/exchange-pair';
import { launchChromium, openPage, screenshot, signIn } from './browser-support';

/**
 * The exchange on screen: the sender's outgoing detail lists each external recipient's status in Vietnamese, and a
 * received electronic document offers `Trả lại` with `Lý do`, whose 02 reaches the sender.
 */
describe('exchange screens', () => {
  let axis: Axis;
  let a: Agency;
  let b: Agency;
  let browser: Browser;
  const log = () => `${a?.output() ?? ''}\n${b?.output() ?? ''}`;

  beforeAll(async () => {
    buildOnce();
    axis = await startAxis();
    a = await createAgency('A', { organId: '000.14.31.H29', name: 'Ủy ban nhân dân phường Tân Bình', placeName: 'Tân Bình', axisUrl: axis.url });
    b = await createAgency('B', { organId: '000.14.34.H29', name: 'Ủy ban nhân dân phường Tân Sơn Nhất', placeName: 'Tân Sơn Nhất', axisUrl: axis.url });
    await Promise.all([a.start(), b.start()]);
    browser = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    axis?.proc.kill('SIGKILL');
  });

  const received = (symbol: string) => waitFor(`${symbol} at B`, async () =>
    (await b.sql<{ id: string }>(`SELECT id FROM incoming_documents WHERE symbol = $1`, [symbol]))[0], 90_000, log);

  it('shows the statuses per recipient on the outgoing detail, and returns a received electronic document with a reason', async () => {
    const first = await issueCongVan(a, [{ organId: b.organId, name: b.name }], 'Về việc phối hợp tổ chức ngày hội đại đoàn kết');
    const second = await issueCongVan(a, [{ organId: b.organId, name: b.name }], 'Về việc gửi nhầm để thử trả lại');
    const doc1 = await received(first.symbol);
    const doc2 = await received(second.symbol);
    expect((await b.api('POST', `/incoming-documents/${doc1.id}/register`, await b.token('vanthu'), {})).status).toBe(200);
    await waitForStatus(a, first.id, b.organId, '03', 60_000, log);

    const sender = await openPage(browser, a.base);
    await signIn(sender.page, 'vanthu', a.password);
    await sender.page.goto(`/van-ban-di/${first.id}`);
    await sender.page.getByText('Liên thông văn bản').waitFor();
    await sender.page.getByText('Đã tiếp nhận (vào sổ) (03)').waitFor();
    await screenshot(sender.page, 'exchange-outgoing-statuses');

    const receiver = await openPage(browser, b.base);
    await signIn(receiver.page, 'vanthu', b.password);
    await receiver.page.goto(`/van-ban-den/${doc2.id}`);
    await receiver.page.getByText('Chờ vào sổ').first().waitFor();
    await screenshot(receiver.page, 'exchange-incoming-received');
    await receiver.page.getByRole('button', { name: 'Trả lại' }).click();
    await receiver.page.getByLabel('Lý do').fill('Văn bản gửi nhầm nơi nhận');
    await screenshot(receiver.page, 'exchange-incoming-return-dialog');
    await receiver.page.getByRole('dialog').getByRole('button', { name: 'Trả lại' }).click();
    await receiver.page.getByText('Đã trả lại').first().waitFor();
    await screenshot(receiver.page, 'exchange-incoming-returned');

    await waitForStatus(a, second.id, b.organId, '02', 60_000, log);
    await sender.page.goto(`/van-ban-di/${second.id}`);
    await sender.page.getByText('Từ chối tiếp nhận (02) — Văn bản gửi nhầm nơi nhận').waitFor();
    await screenshot(sender.page, 'exchange-outgoing-refused');
    expect(sender.errors).toEqual([]);
    expect(receiver.errors).toEqual([]);
  }, 300_000);
});
