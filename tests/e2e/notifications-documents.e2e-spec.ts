import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { ActorLoader } from '../../src/common/auth/actor.loader';
import { AbilityFactory } from '../../src/common/authz/ability.factory';
import { JobName, JobPayload, JobQueues, JobWorkers, OutboxRelay, startJobProcessing } from '../../src/common/queue';
import { randomUUID } from 'node:crypto';
import { IncomingDocumentsService } from '../../src/modules/incoming-documents/incoming-documents.service';
import { IncomingWorkflowService } from '../../src/modules/incoming-documents/incoming-workflow.service';
import { registerIncoming } from '../factories/incoming.factory';
import { createDraft } from '../factories/outgoing.factory';
import { createTanBinhWard, TanBinhWard, TEST_PASSWORD, TestUser } from '../factories/ward.factory';
import { REDIS_URL, waitFor } from '../fixtures/jobs/job-test-helpers';
import { ReceivedMail, TestSmtpServer } from '../fixtures/smtp/test-smtp-server';
import { createTestApp, TestApp } from '../setup/test-app';

interface NotificationRow { id: string; user_id: string; kind: string; title: string; entity_id: string | null }

/**
 * Document notifications end to end: the state change commits, the outbox relays the event, the worker writes the
 * in-app notification and the e-mail job sends it over real SMTP (smtp-server in this process) — on Redis.
 */
describe('notifications for documents (in-app and e-mail, exactly once, after commit)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  const smtp = new TestSmtpServer();

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({ SMTP_URL: smtp.url, REDIS_URL, PUBLIC_URL: 'https://vanthu.tanbinh.example' });
    w = await createTanBinhWard(t);
    t.clock.set('2025-07-07T09:00:00+07:00'); // a Monday
    for (const [key, u] of Object.entries(w.users)) {
      await t.http.patch(`/api/v1/users/${u.id}`).set(w.users.admin.auth).send({ email: `${key}@tanbinh.example` }).expect(200);
    }
    await startJobProcessing(t.app, { runWorkers: true, schedules: false, relay: { intervalMs: 200 } });
  });
  afterAll(async () => {
    await t?.app.get(JobWorkers).stop();
    await t?.close();
    await smtp.stop();
  });

  const emailOf = (u: TestUser) => `${Object.entries(w.users).find(([, x]) => x.id === u.id)![0]}@tanbinh.example`;
  const notificationsOf = async (u: TestUser, kind: string, entityId?: string) => (await t.ds.query(
    `SELECT id, user_id, kind, title, entity_id FROM notifications WHERE user_id = $1 AND kind = $2 AND ($3::uuid IS NULL OR entity_id = $3) ORDER BY created_at`,
    [u.id, kind, entityId ?? null])) as NotificationRow[];
  const mailsFor = (n: NotificationRow) => smtp.received.filter((m) => m.headers['x-vanthu-notification'] === n.id);
  /** Every outbox row relayed and no job left to run: only then is "exactly one" a fact rather than a moment. */
  const settled = async () => {
    await waitFor('the outbox and the notifications queue to drain', async () => {
      const [{ unsent }] = (await t.ds.query(`SELECT count(*)::int AS unsent FROM outbox WHERE sent_at IS NULL`)) as { unsent: number }[];
      const c = await t.app.get(JobQueues).get('notifications').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return unsent === 0 && Object.values(c).every((n) => n === 0);
    }, 20_000);
  };
  const arrived = async (u: TestUser, kind: string, entityId: string) => {
    const [n] = await waitFor(`${kind} for ${u.fullName}`, async () => {
      const rows = await notificationsOf(u, kind, entityId);
      return rows.length && mailsFor(rows[0]).length ? rows : undefined;
    }, 20_000);
    return n;
  };
  /** Adds a job under its own id and waits until a worker completed it. */
  const runJob = async (name: JobName, payload: object, jobId: string) => {
    const queues = t.app.get(JobQueues);
    await queues.add(name, { v: 1, ...payload } as JobPayload, { jobId });
    await waitFor(`job ${name} ${jobId} to complete`, async () => (await (await queues.queueOf(name).getJob(jobId))?.getState()) === 'completed');
  };
  const scanAt = (at: string) => runJob('reminder.scan', { orgId: null, at }, `scan-${Date.parse(at)}-${Math.random().toString(36).slice(2)}`);

  const presentToChairman = async (summary: string) => {
    const doc = await registerIncoming(t, w.users.officeClerk, { summary });
    await t.http.post(`/api/v1/incoming-documents/${doc.id}/submit`).set(w.users.officeClerk.auth).send({ leaderId: w.users.chairman.id }).expect(200);
    return doc;
  };
  const direct = async (summary: string, lead: object) => {
    const doc = await presentToChairman(summary);
    const res = await t.http.post(`/api/v1/incoming-documents/${doc.id}/direct`).set(w.users.chairman.auth)
      .send({ lead, instruction: 'Đề nghị tham mưu xử lý.', deadline: '2025-07-18' }).expect(200);
    return res.body as { id: string; lines: { id: string }[] };
  };
  const draftFor = async (summary: string, extra: object = {}) =>
    createDraft(t, w.users.ktSpecialist, { documentType: 'CONG_VAN', summary, departmentId: w.departments.kt.id, signerId: w.users.chairman.id, ...extra });

  /** What issuing an outgoing document addressed here does (the issue path itself is tested with outgoing documents). */
  const delivered = async (summary: string, departmentId: string | null) => {
    const res = await t.app.get(ClsService).run(() => t.app.get(IncomingDocumentsService).deliverInternal({
      senderOrganizationId: w.org.id, senderName: 'Ủy ban nhân dân phường Bến Thành', senderCode: '000.00.01.H29', recipientOrganizationId: w.org.id,
      recipientDepartmentId: departmentId, outgoingDocumentId: randomUUID(), symbol: `${Math.floor(Math.random() * 1e5)}/TB-UBND`, documentType: 'THONG_BAO',
      documentDate: '2025-07-07', summary, signerName: 'Trần Văn Ký', signerPosition: 'Chủ tịch', urgency: 'normal', confidentiality: 'normal',
      fileId: null, actorUserId: w.users.chairman.id,
    }));
    return res.incomingDocumentId;
  };

  type Case = { kind: string; who: () => TestUser[]; act: () => Promise<string>; subject: RegExp; link: RegExp };
  const CASES: Case[] = [
    { kind: 'incoming.presented', who: () => [w.users.chairman], subject: /Trình chỉ đạo: V\/v trình 1/,
      act: async () => (await presentToChairman('V/v trình 1')).id, link: /\/incoming\// },
    { kind: 'incoming.line_assigned', who: () => [w.users.ktClerk], subject: /Chủ trì xử lý: V\/v giao phòng có văn thư/,
      act: async () => (await direct('V/v giao phòng có văn thư', { departmentId: w.departments.kt.id })).id, link: /\/incoming\// },
    { kind: 'incoming.line_assigned', who: () => [w.users.vhxhHead], subject: /Chủ trì xử lý: V\/v giao phòng chưa có văn thư/,
      act: async () => (await direct('V/v giao phòng chưa có văn thư', { departmentId: w.departments.vhxh.id })).id, link: /\/incoming\// },
    { kind: 'incoming.delivered', who: () => [w.users.vhxhHead], subject: /Văn bản đến chờ vào sổ: Thông báo gửi phòng chưa có văn thư/,
      act: () => delivered('Thông báo gửi phòng chưa có văn thư', w.departments.vhxh.id), link: /\/incoming\// },
    { kind: 'incoming.delivered', who: () => [w.users.officeClerk], subject: /Văn bản đến chờ vào sổ: Thông báo gửi phường/,
      act: () => delivered('Thông báo gửi phường', null), link: /\/incoming\// },
    { kind: 'incoming.line_returned', who: () => [w.users.chairman], subject: /Bị trả lại: V\/v giao nhầm/,
      act: async () => {
        const doc = await direct('V/v giao nhầm', { departmentId: w.departments.kt.id });
        await t.http.post(`/api/v1/incoming-documents/${doc.id}/lines/${doc.lines[0].id}/return`).set(w.users.ktClerk.auth)
          .send({ reason: 'Không thuộc lĩnh vực của phòng' }).expect(200);
        return doc.id;
      }, link: /\/incoming\// },
    { kind: 'incoming.urgent_registered', who: () => [w.users.chairman, w.users.viceChairman], subject: /Hỏa tốc: V\/v phòng chống bão/,
      act: async () => (await registerIncoming(t, w.users.officeClerk, { summary: 'V/v phòng chống bão', urgency: 'flash' })).id, link: /\/incoming\// },
    { kind: 'outgoing.review_requested', who: () => [w.users.ktHead], subject: /Dự thảo chờ kiểm tra: Công văn kiểm tra/,
      act: async () => {
        const d = await draftFor('Công văn kiểm tra');
        await t.http.post(`/api/v1/outgoing-documents/${d.id}/submit`).set(w.users.ktSpecialist.auth).send({ reviewerId: w.users.ktHead.id }).expect(200);
        return d.id;
      }, link: /\/outgoing\// },
    { kind: 'outgoing.signature_requested', who: () => [w.users.chairman], subject: /Văn bản chờ ký: Công văn trình ký/,
      act: async () => {
        const d = await draftFor('Công văn trình ký');
        await t.http.post(`/api/v1/outgoing-documents/${d.id}/submit`).set(w.users.ktSpecialist.auth).send({ reviewerId: w.users.ktHead.id }).expect(200);
        await t.http.post(`/api/v1/outgoing-documents/${d.id}/approve`).set(w.users.ktHead.auth).send({}).expect(200);
        return d.id;
      }, link: /\/outgoing\// },
    { kind: 'outgoing.returned', who: () => [w.users.ktSpecialist], subject: /Dự thảo bị trả lại: Công văn cần sửa/,
      act: async () => {
        const d = await draftFor('Công văn cần sửa');
        await t.http.post(`/api/v1/outgoing-documents/${d.id}/submit`).set(w.users.ktSpecialist.auth).send({ reviewerId: w.users.ktHead.id }).expect(200);
        await t.http.post(`/api/v1/outgoing-documents/${d.id}/return`).set(w.users.ktHead.auth).send({ reason: 'Sai căn cứ pháp lý' }).expect(200);
        return d.id;
      }, link: /\/outgoing\// },
    { kind: 'reminder.due_soon', who: () => [w.users.officeClerk], subject: /Sắp đến hạn 08\/07\/2025: V\/v hạn ngày mai/,
      act: async () => {
        const doc = await registerIncoming(t, w.users.officeClerk, { summary: 'V/v hạn ngày mai', dueDate: '2025-07-08' });
        await scanAt('2025-07-07T10:00:00+07:00');
        return doc.id;
      }, link: /\/incoming\// },
    { kind: 'reminder.overdue', who: () => [w.users.ktSpecialist], subject: /Quá hạn 2 ngày: Công văn quá hạn/,
      act: async () => {
        const d = await draftFor('Công văn quá hạn', { dueDate: '2025-07-08' });
        await scanAt('2025-07-10T08:00:00+07:00');
        return d.id;
      }, link: /\/outgoing\// },
    // TUQ. goes to the head of a unit (Decree 30, Điều 13): the Chánh Văn phòng.
    { kind: 'delegation.starting', who: () => [w.users.chiefOfOffice], subject: /Nhận ủy quyền từ hôm nay: Nguyễn Thị Phượng/,
      act: async () => {
        const res = await t.http.post('/api/v1/delegations').set(w.users.chairman.auth).send({
          fromUserId: w.users.chairman.id, toUserId: w.users.chiefOfOffice.id, validFrom: '2025-07-09', validTo: '2025-07-11', reason: 'Chủ tịch đi công tác',
        }).expect(201);
        await scanAt('2025-07-08T08:00:00+07:00'); // not yet
        await scanAt('2025-07-09T07:00:00+07:00');
        return res.body.id as string;
      }, link: /\/delegations/ },
  ];

  it.each(CASES.map((c) => [`${c.kind} → ${c.who.toString().match(/users\.(\w+)/g)?.join(', ')}`, c]))(
    '%s: arrives once in-app and once by e-mail, in Vietnamese with a link',
    async (_name, c: Case) => {
      const entityId = await c.act();
      for (const u of c.who()) {
        const n = await arrived(u, c.kind, entityId);
        await settled();
        expect(await notificationsOf(u, c.kind, entityId)).toHaveLength(1);
        const mails = mailsFor(n);
        expect(mails).toHaveLength(1);
        const [mail] = mails as [ReceivedMail];
        expect(mail.to).toEqual([emailOf(u)]);
        expect(mail.subject).toMatch(c.subject);
        expect(mail.headers['x-vanthu-kind']).toBe(c.kind);
        expect(mail.text).toMatch(new RegExp(`^Kính gửi ${u.fullName},`));
        expect(mail.text).toMatch(new RegExp(`Mở để xử lý: https://vanthu\\.tanbinh\\.example${c.link.source}`));
        expect(mail.html).toContain('Mở để xử lý</a>');
      }
    },
  );

  it('stops the e-mail of a kind the person turned off, never the in-app notification', async () => {
    const { chairman } = w.users;
    const off = await t.http.patch('/api/v1/users/me/notification-settings').set(chairman.auth).send({ email: { 'incoming.presented': false } }).expect(200);
    expect(off.body.email).toMatchObject({ 'incoming.presented': false, 'incoming.line_returned': true });
    expect(off.body).toMatchObject({ emailAddress: 'chairman@tanbinh.example', emailDelivery: true });
    const quiet = await presentToChairman('V/v không gửi thư');
    const [n] = await waitFor('the in-app notification', async () => {
      const rows = await notificationsOf(chairman, 'incoming.presented', quiet.id);
      return rows.length ? rows : undefined;
    });
    await settled();
    expect(mailsFor(n)).toEqual([]);
    // Another kind still mails; turning it back on mails again.
    const urgent = await registerIncoming(t, w.users.officeClerk, { summary: 'V/v thượng khẩn', urgency: 'very_urgent' });
    await arrived(chairman, 'incoming.urgent_registered', urgent.id);
    await t.http.patch('/api/v1/users/me/notification-settings').set(chairman.auth).send({ email: { 'incoming.presented': true } }).expect(200);
    const loud = await presentToChairman('V/v gửi thư lại');
    await arrived(chairman, 'incoming.presented', loud.id);
    const mine = await t.http.get('/api/v1/users/me/notification-settings').set(chairman.auth).expect(200);
    expect(mine.body.email['incoming.presented']).toBe(true);
    expect(mine.body.kinds).toContainEqual({ kind: 'reminder.overdue', label: 'Quá hạn xử lý (mỗi ngày làm việc)' });
  });

  it('refuses unknown kinds and non-boolean values in the settings (400), changing nothing', async () => {
    const { ktHead } = w.users;
    const bad = await t.http.patch('/api/v1/users/me/notification-settings').set(ktHead.auth).send({ email: { 'incoming.presented': false, 'no.such': false } }).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'email.no.such' }] });
    await t.http.patch('/api/v1/users/me/notification-settings').set(ktHead.auth).send({ email: { 'incoming.presented': 'no' } }).expect(400);
    await t.http.patch('/api/v1/users/me/notification-settings').set(ktHead.auth).send({ email: 'off' }).expect(400);
    const now = await t.http.get('/api/v1/users/me/notification-settings').set(ktHead.auth).expect(200);
    expect(now.body.email['incoming.presented']).toBe(true);
    await t.http.get('/api/v1/users/me/notification-settings').expect(401);
  });

  it('validates the e-mail address on users (400 in Vietnamese) and returns it', async () => {
    const bad = await t.http.patch(`/api/v1/users/${w.users.ktSpecialist.id}`).set(w.users.admin.auth).send({ email: 'không phải thư' }).expect(400);
    expect(bad.body.error.details).toContainEqual(expect.objectContaining({ field: 'email' }));
    const got = await t.http.get(`/api/v1/users/${w.users.ktSpecialist.id}`).set(w.users.admin.auth).expect(200);
    expect(got.body.email).toBe('ktSpecialist@tanbinh.example');
    const body = { username: `moi.${Date.now()}`, password: TEST_PASSWORD, fullName: 'Người Mới', positionTitle: 'Chuyên viên',
      roles: [{ role: 'specialist', departmentId: w.departments.kt.id }] };
    await t.http.post('/api/v1/users').set(w.users.admin.auth).send({ ...body, email: 'sai@' }).expect(400);
    const created = await t.http.post('/api/v1/users').set(w.users.admin.auth).send({ ...body, email: ' Nguoi.Moi@TanBinh.example ' }).expect(201);
    expect(created.body.email).toBe('Nguoi.Moi@TanBinh.example');
    const cleared = await t.http.patch(`/api/v1/users/${created.body.id}`).set(w.users.admin.auth).send({ email: null }).expect(200);
    expect(cleared.body.email).toBeNull();
  });

  it('sends nothing for a state change whose transaction rolls back', async () => {
    const doc = await registerIncoming(t, w.users.officeClerk, { summary: 'V/v trình rồi hủy' });
    const actor = t.app.get(AbilityFactory).forActor((await t.app.get(ActorLoader).load(w.users.officeClerk.id, null))!);
    const txHost = t.app.get(TransactionHost);
    await expect(t.app.get(ClsService).run(() => txHost.withTransaction(async () => {
      await t.app.get(IncomingWorkflowService).submit(actor, doc.id, { leaderId: w.users.chairman.id });
      throw new Error('rolled back after the submit');
    }))).rejects.toThrow('rolled back after the submit');
    await t.app.get(OutboxRelay).idle();
    await settled();
    const [after] = (await t.ds.query(`SELECT status FROM incoming_documents WHERE id = $1`, [doc.id])) as { status: string }[];
    expect(after.status).toBe('registered');
    expect(await t.ds.query(`SELECT id FROM outbox WHERE payload->>'id' = $1`, [doc.id])).toEqual([]);
    expect(await notificationsOf(w.users.chairman, 'incoming.presented', doc.id)).toEqual([]);
    expect(smtp.received.filter((m) => m.subject.includes('V/v trình rồi hủy'))).toEqual([]);
  });

  it('does not notify or mail twice when the event and e-mail jobs run again (a worker that crashed before acknowledging)', async () => {
    const doc = await presentToChairman('V/v chạy lại việc');
    const n = await arrived(w.users.chairman, 'incoming.presented', doc.id);
    await settled();
    const [event] = (await t.ds.query(`SELECT payload FROM outbox WHERE job_name = 'notification.event' AND payload->>'id' = $1`, [doc.id])) as { payload: object }[];
    // Copies under new job ids, as a job-failure retry or a stalled job re-run would make them.
    await runJob('notification.event', event.payload, `again-event-${doc.id}`);
    await runJob('notification.email', { orgId: w.org.id, notificationId: n.id }, `again-email-${n.id}`);
    await settled();
    expect(await notificationsOf(w.users.chairman, 'incoming.presented', doc.id)).toHaveLength(1);
    expect(mailsFor(n)).toHaveLength(1);
  });
});
