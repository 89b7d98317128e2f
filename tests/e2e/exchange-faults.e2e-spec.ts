import { Agency, Axis, buildOnce, createAgency, exchangeOf, issueCongVan, startAxis, waitFor } from '../support/exchange-pair';

/**
 * The axis loses, repeats and delays packages (and loses acknowledgements, so packages come again), and the receiver
 * is down for a while: every document still arrives exactly once and every status package eventually arrives.
 */
describe('exchange over an unreliable axis', () => {
  let axis: Axis;
  let a: Agency;
  let b: Agency;
  const log = () => `${a?.output() ?? ''}\n${b?.output() ?? ''}`;

  beforeAll(async () => {
    buildOnce();
    axis = await startAxis(['--drop', '0.35', '--duplicate', '0.4', '--delay', '0.4', '--delay-ms', '3000', '--seed', '20251']);
    a = await createAgency('A', { organId: '000.14.31.H29', name: 'Ủy ban nhân dân phường Tân Bình', placeName: 'Tân Bình', axisUrl: axis.url });
    b = await createAgency('B', { organId: '000.14.33.H29', name: 'Ủy ban nhân dân phường Bảy Hiền', placeName: 'Bảy Hiền', axisUrl: axis.url });
    await Promise.all([a.start(), b.start()]);
  }, 400_000);

  afterAll(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    axis?.proc.kill('SIGKILL');
  });

  const electronicAtB = () => b.sql<{ id: string; symbol: string; status: string }>(
    `SELECT id, symbol, status FROM incoming_documents WHERE channel = 'electronic' ORDER BY symbol`);

  it('every document arrives exactly once and every status arrives, with drops, duplicates, delays and the receiver down for a while', async () => {
    const to = [{ organId: b.organId, name: b.name }];
    const sent: { id: string; symbol: string }[] = [];
    for (let i = 1; i <= 3; i++) sent.push(await issueCongVan(a, to, `Về việc kiểm tra an toàn phòng cháy đợt ${i}`));

    // The receiver goes down; the sender keeps issuing; the axis keeps the packages.
    await waitFor('B to take in at least one document before it goes down', async () => (await electronicAtB()).length > 0, 90_000, log);
    await b.stop();
    for (let i = 4; i <= 5; i++) sent.push(await issueCongVan(a, to, `Về việc kiểm tra an toàn phòng cháy đợt ${i}`));
    await waitFor('the axis to hold packages for the stopped receiver', async () => ((await axis.stats()).waiting?.[b.organId] ?? 0) > 0, 90_000, log);
    await b.start();

    const symbols = sent.map((s) => s.symbol).sort();
    const arrived = await waitFor('all five documents at B', async () => {
      const rows = await electronicAtB();
      return rows.length >= 5 ? rows : undefined;
    }, 180_000, log);
    // A little longer: a late duplicate must not add a sixth.
    await waitFor('the axis to deliver everything it holds for B', async () => ((await axis.stats()).waiting?.[b.organId] ?? 1) === 0, 120_000, log);
    const final = await electronicAtB();
    expect(final.map((r) => r.symbol).sort()).toEqual(symbols);
    expect(arrived.length).toBe(5);

    for (const s of sent) {
      await waitFor(`01 for ${s.symbol}`, async () => (await exchangeOf(a, s.id, b.organId))?.statusCode === '01', 180_000, log);
    }
    // The clerk registers all five; each 03 gets back through the same faults.
    const clerkB = await b.token('vanthu');
    for (const r of final) expect((await b.api('POST', `/incoming-documents/${r.id}/register`, clerkB, {})).status).toBe(200);
    for (const s of sent) {
      await waitFor(`03 for ${s.symbol}`, async () => (await exchangeOf(a, s.id, b.organId))?.statusCode === '03', 180_000, log);
    }
    const stats = await axis.stats();
    // The faults really happened (seeded): packages were dropped, duplicated and delayed, and acknowledgements lost.
    expect(stats.dropped + stats.acksLost).toBeGreaterThan(0);
    expect(stats.duplicated).toBeGreaterThan(0);
    expect(stats.delayed).toBeGreaterThan(0);
    // Each status was applied once per code even when its package came twice.
    for (const s of sent) {
      const [row] = await a.sql<{ history: { statusCode: string }[] }>(
        `SELECT history FROM exchange_recipients WHERE outgoing_document_id = $1`, [s.id]);
      expect(row.history.map((h) => h.statusCode)).toEqual(['01', '03']);
    }
  }, 900_000);
});
