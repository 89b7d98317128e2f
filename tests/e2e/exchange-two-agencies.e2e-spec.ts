import { pdfsig } from '../../src/modules/files/pdf/pdf-test-support';
import { Agency, Axis, buildOnce, createAgency, exchangeOf, issueCongVan, startAxis, waitFor, waitForStatus } from '../support/exchange-pair';

/**
 * Two wards on two deployments (two processes, two databases, two sets of keys) exchange a Công văn through the axis
 * simulator: the package goes out on issue, arrives as `received` with its signed PDF intact, and every step of the
 * receiver's workflow comes back to the sender as a status package (01, 03, 04, 05, 06).
 */
describe('exchange between two agencies through the axis', () => {
  let axis: Axis;
  let a: Agency;
  let b: Agency;
  const log = () => `${a?.output() ?? ''}\n${b?.output() ?? ''}`;

  beforeAll(async () => {
    buildOnce();
    axis = await startAxis();
    a = await createAgency('A', { organId: '000.14.31.H29', name: 'Ủy ban nhân dân phường Tân Bình', placeName: 'Tân Bình', axisUrl: axis.url });
    b = await createAgency('B', { organId: '000.14.32.H29', name: 'Ủy ban nhân dân phường Tân Định', placeName: 'Tân Định', axisUrl: axis.url });
    await Promise.all([a.start(), b.start()]);
  }, 400_000);

  afterAll(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    axis?.proc.kill('SIGKILL');
  });

  const receivedAt = async (agency: Agency, symbol: string) => {
    const clerk = await agency.token('vanthu');
    return waitFor(`"${symbol}" received at ${agency.label}`, async () => {
      const r = await agency.api('GET', `/incoming-documents?status=received&pageSize=100`, clerk);
      return (r.body?.items ?? []).find((d: { symbol: string }) => d.symbol === symbol) as { id: string } | undefined;
    }, 90_000, log);
  };

  it('a Công văn issued by A arrives at B as received with its signed PDF, and A sees 01, 03, 04, 05 and 06 as B works on it', async () => {
    const sent = await issueCongVan(a, [{ organId: b.organId, name: b.name }], 'Về việc phối hợp rà soát hộ nghèo năm 2025');
    expect(sent.symbol).toMatch(/^\d+\/UBND-VP$/);
    const issuedAt = Date.now();
    // The package goes out through the outbox and the job system, never in the issuing request.
    expect((await exchangeOf(a, sent.id, b.organId))?.status).toMatch(/^(sending|sent|arrived)$/);

    const incoming = await receivedAt(b, sent.symbol);
    const clerkB = await b.token('vanthu');
    const doc = (await b.api('GET', `/incoming-documents/${incoming.id}`, clerkB)).body;
    expect(doc).toMatchObject({
      status: 'received', channel: 'electronic', issuerName: a.name, issuerCode: a.organId, symbol: sent.symbol,
      documentType: 'CONG_VAN', summary: 'Về việc phối hợp rà soát hộ nghèo năm 2025', urgency: 'urgent', arrivalNumber: null,
    });
    const pdf = await b.file(`/incoming-documents/${incoming.id}/file`, clerkB);
    const original = await a.file(`/outgoing-documents/${sent.id}/file`, await a.token('vanthu'));
    expect(pdf.equals(original)).toBe(true);
    const sig = await pdfsig(pdf);
    expect(sig.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);

    expect(await waitForStatus(a, sent.id, b.organId, '01', 60_000, log)).toEqual(['01']);
    expect(Date.now() - issuedAt).toBeLessThan(60_000);

    // Registration (pre-filled, editable): the clerk corrects the summary; A hears 03.
    const reg = await b.api('POST', `/incoming-documents/${incoming.id}/register`, clerkB, { summary: 'Phối hợp rà soát hộ nghèo năm 2025' });
    expect(reg.status).toBe(200);
    expect(reg.body).toMatchObject({ status: 'registered', summary: 'Phối hợp rà soát hộ nghèo năm 2025' });
    await waitForStatus(a, sent.id, b.organId, '03', 60_000, log);

    const [chairman] = await b.sql<{ id: string }>(`SELECT id FROM users WHERE username = 'chutich'`);
    const [kt] = await b.sql<{ id: string }>(`SELECT id FROM departments WHERE code = 'KTHTĐT'`);
    expect((await b.api('POST', `/incoming-documents/${incoming.id}/submit`, clerkB, { leaderId: chairman.id })).status).toBe(200);
    const directed = await b.api('POST', `/incoming-documents/${incoming.id}/direct`, await b.token('chutich'),
      { lead: { departmentId: kt.id }, instruction: 'Phòng Kinh tế chủ trì rà soát.' });
    expect(directed.status).toBe(200);
    await waitForStatus(a, sent.id, b.organId, '04', 60_000, log);

    const lead = directed.body.lines.find((l: { role: string }) => l.role === 'lead');
    const ktClerk = await b.token('vt.kinhte');
    expect((await b.api('POST', `/incoming-documents/${incoming.id}/lines/${lead.id}/receive`, ktClerk)).status).toBe(200);
    await waitForStatus(a, sent.id, b.organId, '05', 60_000, log);
    const done = await b.api('POST', `/incoming-documents/${incoming.id}/lines/${lead.id}/complete`, ktClerk, { result: 'Đã rà soát, có báo cáo kèm theo.' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    const history = await waitForStatus(a, sent.id, b.organId, '06', 60_000, log);
    expect(history).toEqual(['01', '03', '04', '05', '06']);
    const view = await exchangeOf(a, sent.id, b.organId);
    expect(view).toMatchObject({ status: 'done', statusCode: '06' });
  }, 300_000);
});
