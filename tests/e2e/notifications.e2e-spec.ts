import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

describe('notifications', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  const notify = (userId: string, title: string, at: string, dedupeKey?: string) => {
    t.clock.set(at);
    return t.app.get(NotificationsService).notify(w.org.id, { userId, kind: 'test', title, body: `Nội dung ${title}`, entityType: 'Task', entityId: null }, dedupeKey);
  };

  it('lists unread first, then newest; marking read moves it down and keeps the first reading time', async () => {
    const { ktSpecialist } = w.users;
    const oldest = await notify(ktSpecialist.id, 'Cũ nhất', '2025-07-01T08:00:00+07:00');
    const middle = await notify(ktSpecialist.id, 'Giữa', '2025-07-02T08:00:00+07:00');
    const newest = await notify(ktSpecialist.id, 'Mới nhất', '2025-07-03T08:00:00+07:00');
    t.clock.set('2025-07-04T08:00:00+07:00');
    const read = await t.http.post(`/api/v1/notifications/${newest}/read`).set(ktSpecialist.auth).expect(200);
    expect(read.body.readAt).toBe(new Date('2025-07-04T08:00:00+07:00').toISOString());
    t.clock.set('2025-07-05T08:00:00+07:00');
    const again = await t.http.post(`/api/v1/notifications/${newest}/read`).set(ktSpecialist.auth).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    const list = await t.http.get('/api/v1/notifications').set(ktSpecialist.auth).expect(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([middle, oldest, newest]);
    expect(list.body).toMatchObject({ total: 3, unread: 2 });
    expect(list.body.items[0]).toEqual({
      id: middle, kind: 'test', title: 'Giữa', body: 'Nội dung Giữa', entityType: 'Task', entityId: null,
      createdAt: new Date('2025-07-02T08:00:00+07:00').toISOString(), readAt: null,
    });
    const unread = await t.http.get('/api/v1/notifications?unreadOnly=true').set(ktSpecialist.auth).expect(200);
    expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual([middle, oldest]);
  });

  it("never shows or marks someone else's notification (404)", async () => {
    const mine = await notify(w.users.ktHead.id, 'Của trưởng phòng', '2025-07-01T08:00:00+07:00');
    await t.http.post(`/api/v1/notifications/${mine}/read`).set(w.users.ktClerk.auth).expect(404);
    const list = await t.http.get('/api/v1/notifications').set(w.users.ktClerk.auth).expect(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(mine);
  });

  it('creates a notification once per dedupe key', async () => {
    const first = await notify(w.users.vhxhHead.id, 'Một lần', '2025-07-01T08:00:00+07:00', 'once-key');
    const second = await notify(w.users.vhxhHead.id, 'Một lần', '2025-07-01T08:00:00+07:00', 'once-key');
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
  });
});
