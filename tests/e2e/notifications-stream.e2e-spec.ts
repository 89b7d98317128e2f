import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.factory';
import { JobWorkers, startJobProcessing } from '../../src/common/queue';
import { StreamHub } from '../../src/modules/notifications/stream/stream-hub.service';
import { registerIncoming } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard, tokenFor } from '../factories/ward.factory';
import { Clock } from '../../src/common/time/clock';
import { REDIS_URL, waitFor } from '../fixtures/jobs/job-test-helpers';
import { createTestApp, TestApp } from '../setup/test-app';

interface Snapshot { unread: number; worklist: { counts: { incoming: number; outgoing: number; task: number; overdue: number; total: number } } }

/** Reads an SSE response with Node's fetch streaming reader, collecting the `counts` events and comments. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const events: Snapshot[] = [];
  let raw = '';
  let ended = false;
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            ended = true;
            return;
          }
          const text = decoder.decode(value, { stream: true });
          raw += text;
          buf += text;
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const block = buf.slice(0, i).split('\n');
            buf = buf.slice(i + 2);
            const data = block.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (block.includes('event: counts') && data) events.push(JSON.parse(data) as Snapshot);
          }
        }
      } catch {
        // aborted by the test
      }
    })();
  }
  const next = (what: string, pred: (s: Snapshot) => boolean) => waitFor(what, async () => events.find(pred), 20_000, 50);
  return { res, events, raw: () => raw, ended: () => ended, next, close: () => ctrl.abort() };
}

/**
 * The live stream across replicas: the stream is opened on replica B; the document is presented and the worker runs on
 * replica A (same database, same Redis). B hears the committed change through PostgreSQL LISTEN/NOTIFY.
 */
describe('GET /notifications/stream (Server-Sent Events)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  let replicaB: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL });
    w = await createTanBinhWard(t);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(t.config)] }).compile();
    replicaB = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
    configureApp(replicaB, t.config);
    await replicaB.listen(0, '127.0.0.1');
    setClocks('2025-07-07T09:00:00+07:00');
    base = `${await replicaB.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
    await startJobProcessing(t.app, { runWorkers: true, schedules: false, relay: { intervalMs: 200 } });
  });
  /** Both replicas read the same (test) time, as servers with synchronised clocks do. */
  const setClocks = (at: string) => {
    t.clock.set(at);
    replicaB.get(Clock).set(at);
  };
  afterAll(async () => {
    await t?.app.get(JobWorkers).stop();
    await replicaB?.close();
    await t?.close();
  });

  it('pushes a new unread count and worklist count to the leader after a document is presented to them (on another replica)', async () => {
    const { chairman, officeClerk } = w.users;
    const stream = await openStream(`${base}/notifications/stream`, chairman.auth);
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = await stream.next('the first snapshot', () => true);
      const doc = await registerIncoming(t, officeClerk, { summary: 'V/v trình qua luồng' });
      await t.http.post(`/api/v1/incoming-documents/${doc.id}/submit`).set(officeClerk.auth).send({ leaderId: chairman.id }).expect(200);
      const after = await stream.next('the unread count to grow', (s) => s.unread === first.unread + 1);
      expect(after.worklist.counts.incoming).toBe(first.worklist.counts.incoming + 1);
      expect(after.worklist.counts.total).toBe(first.worklist.counts.total + 1);
      // Reading it brings the count down again, on the same stream.
      const [n] = (await t.ds.query(`SELECT id FROM notifications WHERE user_id = $1 AND entity_id = $2`, [chairman.id, doc.id])) as { id: string }[];
      await t.http.post(`/api/v1/notifications/${n.id}/read`).set(chairman.auth).expect(200);
      await stream.next('the unread count to fall', (s) => s.unread === first.unread && s.worklist.counts.incoming === first.worklist.counts.incoming + 1);
      // Only changes are pushed: no two consecutive events are equal.
      for (let i = 1; i < stream.events.length; i++) expect(stream.events[i]).not.toEqual(stream.events[i - 1]);
    } finally {
      stream.close();
    }
    await waitFor('the closed stream to be forgotten', async () => replicaB.get(StreamHub).size === 0);
  });

  it('opens from a browser with a single-use ticket valid for 60 s, never with no credentials', async () => {
    const { ktClerk } = w.users;
    const issued = await t.http.post('/api/v1/notifications/stream-tickets').set(ktClerk.auth).expect(201);
    expect(issued.body).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: new Date(Date.parse('2025-07-07T09:01:00+07:00')).toISOString() });
    const stream = await openStream(`${base}/notifications/stream?ticket=${issued.body.ticket}`);
    try {
      expect(stream.res.status).toBe(200);
      await stream.next('the first snapshot', () => true);
    } finally {
      stream.close();
    }
    const reused = await fetch(`${base}/notifications/stream?ticket=${issued.body.ticket}`);
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const late = await t.http.post('/api/v1/notifications/stream-tickets').set(ktClerk.auth).expect(201);
    setClocks('2025-07-07T09:01:01+07:00');
    expect((await fetch(`${base}/notifications/stream?ticket=${late.body.ticket}`)).status).toBe(401);
    setClocks('2025-07-07T09:00:00+07:00');
    expect((await fetch(`${base}/notifications/stream`)).status).toBe(401);
    // An access token in the URL is not a way in: the parameter is unknown (400), the stream never opens.
    expect((await fetch(`${base}/notifications/stream?access_token=${ktClerk.token}`)).status).toBe(400);
    expect((await fetch(`${base}/notifications/stream`, { headers: { Authorization: 'Bearer not.a.token' } })).status).toBe(401);
    await t.http.post('/api/v1/notifications/stream-tickets').expect(401);
  });

  it('keeps an idle stream open with heartbeat comments, one timer for every stream', async () => {
    const hub = replicaB.get(StreamHub);
    hub.heartbeatMs = 100;
    const a = await openStream(`${base}/notifications/stream`, w.users.ktHead.auth);
    const b = await openStream(`${base}/notifications/stream`, w.users.ktClerk.auth);
    try {
      await waitFor('heartbeats on both streams', async () => a.raw().includes('\n: heartbeat ') && b.raw().includes('\n: heartbeat '));
      expect(hub.size).toBe(2);
    } finally {
      a.close();
      b.close();
      hub.heartbeatMs = 25_000;
    }
    await waitFor('both closed streams to be forgotten', async () => hub.size === 0);
  });

  it('ends the stream of an account disabled meanwhile, at the next change', async () => {
    const { ktSpecialist, admin, officeClerk } = w.users;
    const stream = await openStream(`${base}/notifications/stream`, ktSpecialist.auth);
    try {
      await stream.next('the first snapshot', () => true);
      await t.http.patch(`/api/v1/users/${ktSpecialist.id}`).set(admin.auth).send({ disabled: true }).expect(200);
      await registerIncoming(t, officeClerk, { summary: 'V/v sau khi khóa tài khoản' });
      await waitFor('the stream to end', async () => stream.ended());
      expect(replicaB.get(StreamHub).size).toBe(0);
    } finally {
      stream.close();
      await t.http.patch(`/api/v1/users/${ktSpecialist.id}`).set(admin.auth).send({ disabled: false }).expect(200);
    }
  });

  it('refuses the system administrator, who has no organization (403)', async () => {
    const [admin] = (await t.ds.query(
      `INSERT INTO users (organization_id, username, password_hash, full_name, position_title, is_system_admin)
       VALUES (NULL, $1, 'x', 'Quản trị hệ thống', 'Quản trị', true) RETURNING id`, [`sysadmin-${Date.now()}`])) as { id: string }[];
    const res = await fetch(`${base}/notifications/stream`, { headers: { Authorization: tokenFor(t, admin.id).Authorization } });
    expect(res.status).toBe(403);
  });
});
