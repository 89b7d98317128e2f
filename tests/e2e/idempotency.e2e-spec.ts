import { Body, Controller, Module, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../../src/common/auth/actor';
import { CurrentActor } from '../../src/common/auth/current-actor.decorator';
import { AnySignedIn } from '../../src/common/authz/check-ability.decorator';
import { businessRule } from '../../src/common/errors/domain-error';
import { Idempotent } from '../../src/common/idempotency';
import { createOrganization, createUser, TestUser } from '../factories/ward.factory';
import { createTestAppWith } from '../fixtures/app-with-modules';
import { makePdf } from '../fixtures/pdf-fixtures';
import type { TestApp } from '../setup/test-app';

/** What the test-only JSON route did, so a test can tell a replay from a second run. */
const calls: string[] = [];
const failuresLeft = new Map<string, number>();
const gates = new Map<string, Promise<void>>();

/** A JSON route that exists only in this test, to exercise @Idempotent() without a production route. */
@Controller('test-idempotency')
class TestThingsController {
  @Post(':bucket/things')
  @AnySignedIn()
  @Idempotent()
  async create(@CurrentActor() actor: Actor, @Param('bucket') bucket: string, @Body() body: Record<string, unknown>) {
    const name = String(body.name);
    calls.push(name);
    await gates.get(name);
    const left = failuresLeft.get(name) ?? 0;
    if (left > 0) {
      failuresLeft.set(name, left - 1);
      throw businessRule('Thử lỗi nghiệp vụ.');
    }
    return { id: randomUUID(), bucket, name, by: actor.userId, createdAt: new Date() };
  }
}

@Module({ controllers: [TestThingsController] })
class TestThingsModule {}

describe('idempotency keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestAppWith([TestThingsModule]);
  });
  afterAll(() => t.close());

  const member = async (): Promise<TestUser> => createUser(t, await createOrganization(t), { roles: [] });
  const postThing = (user: TestUser, key: string | null, body: object, bucket = 'a') => {
    const req = t.http.post(`/api/v1/test-idempotency/${bucket}/things`).set(user.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const countOf = (name: string) => calls.filter((c) => c === name).length;
  const uploadFile = (user: TestUser, key: string | null, pdf: Buffer, filename = 'a.pdf') => {
    const req = t.http.post('/api/v1/files').set(user.auth);
    return (key ? req.set('Idempotency-Key', key) : req).attach('file', pdf, { filename, contentType: 'application/pdf' });
  };

  it('the same key and the same JSON body replay the first response (same status, same body) without running again', async () => {
    const user = await member();
    const key = randomUUID();
    const first = await postThing(user, key, { name: 'n1', extra: { b: 1, a: 2 } }).expect(201);
    const again = await postThing(user, key.toUpperCase(), { extra: { a: 2, b: 1 }, name: 'n1' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(countOf('n1')).toBe(1);
  });

  it('the same key with a different body, or on another route, is refused with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const user = await member();
    const key = randomUUID();
    await postThing(user, key, { name: 'n2' }).expect(201);
    const other = await postThing(user, key, { name: 'n2-changed' }).expect(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await postThing(user, key, { name: 'n2' }, 'b').expect(422);
    expect(countOf('n2-changed')).toBe(0);
  });

  it('a key that is not a UUID is refused with 400, before anything runs', async () => {
    const user = await member();
    const res = await postThing(user, 'lan-1', { name: 'n3' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'Idempotency-Key' })] });
    expect(countOf('n3')).toBe(0);
  });

  it('keys are per user: two users choosing the same key each get their own result', async () => {
    const [a, b] = [await member(), await member()];
    const key = randomUUID();
    const ra = await postThing(a, key, { name: 'n4' }).expect(201);
    const rb = await postThing(b, key, { name: 'n4' }).expect(201);
    expect(ra.body.id).not.toBe(rb.body.id);
    expect(rb.body.by).toBe(b.id);
  });

  it('a request that fails releases its key: retrying with the same key runs again and is then replayed', async () => {
    const user = await member();
    const key = randomUUID();
    failuresLeft.set('n5', 1);
    await postThing(user, key, { name: 'n5' }).expect(422);
    const ok = await postThing(user, key, { name: 'n5' }).expect(201);
    expect((await postThing(user, key, { name: 'n5' }).expect(201)).body).toEqual(ok.body);
    expect(countOf('n5')).toBe(2);
  });

  it('a second request with the same key while the first is running waits for it and replays its response', async () => {
    const user = await member();
    const key = randomUUID();
    let open!: () => void;
    gates.set('n6', new Promise<void>((r) => (open = r)));
    const first = postThing(user, key, { name: 'n6' }).then((r) => r);
    await until(async () => countOf('n6') === 1);
    const second = postThing(user, key, { name: 'n6' }).then((r) => r);
    // The second request is blocked on the first one's uncommitted key row.
    await until(async () => {
      const [{ waiting }] = (await t.ds.query(
        `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE NOT l.granted AND a.datname = current_database()`,
      )) as { waiting: number }[];
      return waiting > 0;
    });
    open();
    const [r1, r2] = await Promise.all([first, second]);
    expect([r1.status, r2.status]).toEqual([201, 201]);
    expect(r2.body).toEqual(r1.body);
    expect(countOf('n6')).toBe(1);
  });

  it('a key is kept 24 hours; after that it may be used again', async () => {
    const user = await member();
    const key = randomUUID();
    t.clock.set('2025-07-07T08:00:00+07:00');
    try {
      await postThing(user, key, { name: 'n7' }).expect(201);
      t.clock.advance(23 * 3600 * 1000);
      await postThing(user, key, { name: 'n7-other' }).expect(422);
      t.clock.advance(2 * 3600 * 1000);
      await postThing(user, key, { name: 'n7-other' }).expect(201);
    } finally {
      t.clock.set(null);
    }
  });

  it('POST /files with the same key and the same file returns the first file id and creates no second row', async () => {
    const user = await member();
    const key = randomUUID();
    const pdf = await makePdf();
    const first = await uploadFile(user, key, pdf).expect(201);
    const again = await uploadFile(user, key, pdf).expect(201);
    expect(again.body).toEqual(first.body);
    const [{ count }] = (await t.ds.query(`SELECT count(*)::int AS count FROM files WHERE created_by_user_id = $1`, [user.id])) as { count: number }[];
    expect(count).toBe(1);
    const fresh = await uploadFile(user, null, pdf).expect(201);
    expect(fresh.body.id).not.toBe(first.body.id);
  });

  it('POST /files with the same key and another file, or another file name, is refused with 422', async () => {
    const user = await member();
    const key = randomUUID();
    const pdf = await makePdf();
    await uploadFile(user, key, pdf).expect(201);
    expect((await uploadFile(user, key, await makePdf()).expect(422)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await uploadFile(user, key, pdf, 'b.pdf').expect(422);
  });

  it('POST /files with a key that is not a UUID is refused with 400 before the upload is stored', async () => {
    const user = await member();
    const res = await uploadFile(user, '12345', await makePdf()).expect(400);
    expect(res.body.error.details[0].field).toBe('Idempotency-Key');
    expect(await readdir(join(t.config.filesDir, 'tmp')).catch(() => [])).toEqual([]);
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}
