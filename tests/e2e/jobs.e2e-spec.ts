import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { ActorLoader } from '../../src/common/auth/actor.loader';
import { AbilityFactory } from '../../src/common/authz/ability.factory';
import { JobQueues, JobWorkers, OutboxRelay } from '../../src/common/queue';
import { JobSchedules } from '../../src/common/queue/job-schedules';
import { JOBS } from '../../src/common/queue/queue.constants';
import { TasksService } from '../../src/modules/tasks/tasks.service';
import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, createUser, TanBinhWard } from '../factories/ward.factory';
import { BACKENDS, Backend, closeJobApp, createJobApp, waitFor } from '../fixtures/jobs/job-test-helpers';
import type { TestApp } from '../setup/test-app';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A Redis server of this test's own, so "the backend is down" can be made true and then false again. */
class OwnRedis {
  proc: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start() {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor('redis-server to accept connections', () => new Promise<boolean>((resolve) => {
      const c = require('node:net').connect(this.port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    }), 10_000);
  }
  async stop() {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.on('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
}

describe.each(BACKENDS)('job system on %s', (backend: Backend) => {
  let t: TestApp;
  let w: TanBinhWard;
  let ownRedis: OwnRedis | null = null;

  beforeAll(async () => {
    if (backend === 'redis') {
      ownRedis = new OwnRedis(await freePort());
      await ownRedis.start();
    }
    t = await createJobApp(backend, ownRedis ? { REDIS_URL: ownRedis.url } : {});
    t.clock.set('2025-07-07T09:00:00+07:00');
    w = await createTanBinhWard(t);
  });
  afterAll(async () => {
    await t?.app.get(JobWorkers).stop();
    await closeJobApp(t);
    await ownRedis?.stop();
  });

  const notificationsOf = (userId: string, like: string) =>
    t.ds.query(`SELECT title FROM notifications WHERE user_id = $1 AND title LIKE $2`, [userId, like]) as Promise<{ title: string }[]>;

  it('boots only when every job has exactly one handler, on the queue the catalogue names', () => {
    expect(Object.keys(t.app.get(JobWorkers).handlerMap()).sort()).toEqual(Object.keys(JOBS).sort());
    expect(t.app.get(JobQueues).backend.kind).toBe(backend);
  });

  it('schedules the reminder scan, the audit checkpoint and the export cleanup once each under a stable key, however often processes start', async () => {
    await t.app.get(JobSchedules).ensure();
    await t.app.get(JobSchedules).ensure();
    const schedulers = await t.app.get(JobQueues).get('maintenance').getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['audit-checkpoint', 'export-cleanup', 'reminder-scan']);
    await t.app.get(JobQueues).get('maintenance').removeJobScheduler('reminder-scan');
    await t.app.get(JobQueues).get('maintenance').removeJobScheduler('audit-checkpoint');
    await t.app.get(JobQueues).get('maintenance').removeJobScheduler('export-cleanup');
  });

  it('never enqueues anything for a rolled-back task creation', async () => {
    const title = `Sẽ bị hủy ${backend}`;
    const actor = t.app.get(AbilityFactory).forActor((await t.app.get(ActorLoader).load(w.users.chairman.id, null))!);
    const txHost = t.app.get(TransactionHost);
    await expect(t.app.get(ClsService).run(() => txHost.withTransaction(async () => {
      await t.app.get(TasksService).create(actor, { title, assignee: { userId: w.users.ktSpecialist.id }, deadline: '2025-07-20' });
      throw new Error('rollback after the outbox row was written');
    }))).rejects.toThrow('rollback');
    await t.app.get(OutboxRelay).idle();
    await t.app.get(OutboxRelay).drain();
    expect(await t.ds.query(`SELECT id FROM tasks WHERE title = $1`, [title])).toEqual([]);
    expect(await t.ds.query(`SELECT id FROM outbox WHERE payload->>'taskId' NOT IN (SELECT id::text FROM tasks) AND job_name = 'task.assigned'`)).toEqual([]);
    await t.app.get(JobWorkers).start();
    try {
      // A committed task after it: once its notification exists, the worker has passed the point where the other would be.
      const probe = await createTask(t, w.users.chairman, { assignee: { userId: w.users.ktSpecialist.id }, deadline: '2025-07-20', title: `Sau khi hủy ${backend}` });
      await waitFor('the committed task to be notified', async () => (await notificationsOf(w.users.ktSpecialist.id, `%${probe.title}%`)).length > 0);
      expect(await notificationsOf(w.users.ktSpecialist.id, `%${title}%`)).toEqual([]);
    } finally {
      await t.app.get(JobWorkers).stop();
    }
  });

  it('enqueues a committed task creation with the outbox id as job id, and the worker notifies the assignee once', async () => {
    const assignee = await createUser(t, w.org, { roles: [{ role: 'specialist', departmentId: w.departments.kt.id }] });
    const task = await createTask(t, w.users.chairman, { assignee: { userId: assignee.id }, deadline: '2025-07-20', title: `Đã cam kết ${backend}` });
    const [row] = (await waitFor('the relay to send the outbox row', async () => {
      const rows = (await t.ds.query(`SELECT id, sent_at FROM outbox WHERE payload->>'taskId' = $1`, [task.id])) as { id: string; sent_at: Date | null }[];
      return rows[0]?.sent_at ? rows : undefined;
    }));
    const job = await t.app.get(JobQueues).get('notifications').getJob(row.id);
    expect(job).toMatchObject({ id: row.id, name: 'task.assigned', data: { v: 1, orgId: w.org.id, taskId: task.id } });
    // Sending the row again (a relay that crashed before marking it) is still one job.
    await t.app.get(JobQueues).add('task.assigned', job!.data, { jobId: row.id });
    expect((await t.app.get(JobQueues).get('notifications').getJobs(['waiting', 'completed', 'active'])).filter((j) => j.id === row.id)).toHaveLength(1);
    await t.app.get(JobWorkers).start();
    try {
      await waitFor('the assignee notification', async () => (await notificationsOf(assignee.id, 'Nhiệm vụ mới:%')).length === 1);
      await waitFor('the e-mail copy to be sent', async () =>
        ((await t.ds.query(`SELECT emailed_at FROM notifications WHERE user_id = $1`, [assignee.id])) as { emailed_at: Date | null }[])[0]?.emailed_at != null);
      // A retry of the same job is a no-op.
      await t.app.get(TasksService).notifyAssigned(w.org.id, task.id);
      expect(await notificationsOf(assignee.id, 'Nhiệm vụ mới:%')).toHaveLength(1);
    } finally {
      await t.app.get(JobWorkers).stop();
    }
  });

  it('keeps a task committed while the backend is down in the outbox, reports not-ready, and delivers it when the backend is back', async () => {
    const relay = t.app.get(OutboxRelay);
    relay.startPolling({ intervalMs: 200, sendTimeoutMs: 1_000 });
    const down = backend === 'redis'
      ? () => ownRedis!.stop()
      : () => t.ds.query(`ALTER SCHEMA bullmq RENAME TO bullmq_down`);
    const up = backend === 'redis'
      ? () => ownRedis!.start()
      : () => t.ds.query(`ALTER SCHEMA bullmq_down RENAME TO bullmq`);
    const assignee = await createUser(t, w.org, { roles: [{ role: 'specialist', departmentId: w.departments.kt.id }] });
    await down();
    try {
      const ready = await t.http.get('/api/v1/health/ready').expect(503);
      expect(ready.body.jobs).toMatchObject({ status: 'down', backend, cause: expect.any(String) });
      const task = await createTask(t, w.users.chairman, { assignee: { userId: assignee.id }, deadline: '2025-07-20', title: `Khi hàng đợi ngừng ${backend}` });
      const [pending] = await waitFor('a failed relay attempt', async () => {
        const rows = (await t.ds.query(`SELECT id, sent_at, attempts, last_error FROM outbox WHERE payload->>'taskId' = $1`, [task.id])) as
          { id: string; sent_at: Date | null; attempts: number; last_error: string | null }[];
        return rows[0]?.attempts > 0 ? rows : undefined;
      });
      expect(pending).toMatchObject({ sent_at: null });
      expect(pending.last_error).toEqual(expect.any(String));
      await up();
      await waitFor('the row to be sent after the backend came back', async () =>
        ((await t.ds.query(`SELECT sent_at FROM outbox WHERE id = $1`, [pending.id])) as { sent_at: Date | null }[])[0].sent_at != null, 20_000);
      await t.http.get('/api/v1/health/ready').expect(200);
      expect(await t.app.get(JobQueues).get('notifications').getJob(pending.id)).toMatchObject({ name: 'task.assigned' });
      await t.app.get(JobWorkers).start();
      await waitFor('the assignee notification', async () => (await notificationsOf(assignee.id, 'Nhiệm vụ mới:%')).length === 1, 20_000);
    } finally {
      relay.stopPolling();
      await t.app.get(JobWorkers).stop();
      if (backend === 'postgres') await t.ds.query(`ALTER SCHEMA IF EXISTS bullmq_down RENAME TO bullmq`).catch(() => undefined);
    }
  });

  it('records a job that exhausted its attempts for the administrator, who can run it again', async () => {
    const queues = t.app.get(JobQueues);
    // Attempts and backoff shortened for the test only; the payload is invalid, so every attempt fails.
    const jobId = await queues.add('task.assigned', { v: 1, orgId: w.org.id, taskId: 42 } as never, {
      jobId: `broken-${backend}-${Date.now()}`, attempts: 2, backoff: { type: 'fixed', delay: 10 },
    });
    await t.app.get(JobWorkers).start();
    try {
      const list = await waitFor('the failure to be listed', async () => {
        const res = await t.http.get('/api/v1/job-failures').set(w.users.admin.auth).expect(200);
        return res.body.items.find((f: { jobId: string }) => f.jobId === jobId);
      });
      expect(list).toMatchObject({ organizationId: w.org.id, queue: 'notifications', jobName: 'task.assigned', attemptsMade: 2, retriedAt: null });
      expect(list.error).toContain('invalid payload');
      await t.http.get('/api/v1/job-failures').set(w.users.chairman.auth).expect(403);
      await t.http.post(`/api/v1/job-failures/${list.id}/retry`).set(w.users.chairman.auth).expect(403);
      const retried = await t.http.post(`/api/v1/job-failures/${list.id}/retry`).set(w.users.admin.auth).expect(200);
      expect(retried.body).toMatchObject({ id: list.id, retriedByUserId: w.users.admin.id, retryJobId: jobId });
      await t.http.post(`/api/v1/job-failures/${list.id}/retry`).set(w.users.admin.auth).expect(409);
      // It ran again (and, still broken, failed again: a new open failure for the same job).
      await waitFor('the retried job to fail again', async () => {
        const rows = (await t.ds.query(`SELECT id FROM job_failures WHERE job_id = $1 AND retried_at IS NULL`, [jobId])) as unknown[];
        return rows.length === 1;
      }, 60_000); // the retried job waits its turn behind the scheduled jobs of a busy CI machine
    } finally {
      await t.app.get(JobWorkers).stop();
    }
  });
});
