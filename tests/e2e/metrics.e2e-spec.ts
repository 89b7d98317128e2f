import { registerIncoming, incomingBody } from '../factories/incoming.factory';
import { createTanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

/** One sample value of a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  const token = 'metrics-token-0123456789';

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.http.get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text as string;
  };

  it('refuses a scrape without the METRICS_TOKEN bearer, and with a wrong one', async () => {
    expect((await t.http.get('/metrics')).status).toBe(401);
    expect((await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
  });

  it('has every family with sane values after a small workload: HTTP by route template, pool, queues, outbox, business counters', async () => {
    const ward = await createTanBinhWard(t);
    const before = sample(await scrape(), 'vanthu_documents_registered_total') ?? 0;
    const doc = await registerIncoming(t, ward.users.officeClerk, { symbol: 'M-1/SNV' });
    await registerIncoming(t, ward.users.officeClerk, { symbol: 'M-2/SNV' });
    // A duplicate is refused (409): its transaction rolls back, so it must not count.
    const dup = await t.http.post('/api/v1/incoming-documents').set(ward.users.officeClerk.auth).send(incomingBody({ symbol: 'M-1/SNV' }));
    expect(dup.status).toBe(409);
    expect((await t.http.get(`/api/v1/incoming-documents/${doc.id}`).set(ward.users.officeClerk.auth)).status).toBe(200);

    const text = await scrape();
    expect(sample(text, 'vanthu_documents_registered_total')).toBe(before + 2);
    expect(text).toContain('# TYPE vanthu_documents_issued_total counter');
    expect(text).toContain('# TYPE vanthu_tasks_done_total counter');
    // Route templates, never ids, label the histogram.
    expect(text).toMatch(/vanthu_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/incoming-documents\/:id",status="200"\} 1/);
    expect(text).toMatch(/vanthu_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/incoming-documents",status="409"\} 1/);
    expect(text).not.toContain(doc.id);
    expect(sample(text, 'vanthu_db_up')).toBe(1);
    const total = sample(text, 'vanthu_db_pool_connections{state="total"}')!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vanthu_db_pool_connections{state="in_use"}')).toBeLessThanOrEqual(total);
    expect(sample(text, 'vanthu_db_pool_connections{state="waiting"}')).toBe(0);
    expect(sample(text, 'vanthu_job_backend_up')).toBe(1);
    expect(sample(text, 'vanthu_jobs{queue="notifications",state="failed"}')).toBe(0);
    expect(sample(text, 'vanthu_jobs_oldest_waiting_seconds{queue="notifications"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'vanthu_outbox_unsent')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'vanthu_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE vanthu_reminders_sent gauge');
    expect(text).toContain('vanthu_process_resident_memory_bytes');
  });
});
