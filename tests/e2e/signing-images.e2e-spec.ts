import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const seal = readFileSync(join(__dirname, '../../assets/demo/seal-ubnd.png'));

describe('signature and seal images', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  const upload = (auth: Record<string, string>, png: Buffer) =>
    t.http.post('/api/v1/signing-keys/images').set(auth).field('data', JSON.stringify({ agency: true }))
      .attach('file', png, { filename: 'con-dau.png', contentType: 'image/png' });
  const stored = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM signing_images WHERE organization_id = $1`, [w.org.id]))[0].n;

  it('refuses a damaged seal at upload, saying why in Vietnamese, and keeps nothing', async () => {
    const cut = seal.subarray(0, Math.floor(seal.length * 0.6));
    const padded = Buffer.concat([cut, Buffer.alloc(seal.length - cut.length)]);
    const res = await upload(w.users.admin.auth, padded).expect(422);
    expect(res.body.error).toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(res.body.error.message).toMatch(/^Ảnh chữ ký \/ con dấu không dùng được: .+ Hãy xuất lại ảnh PNG nền trong suốt\.$/);
    expect(await stored()).toBe(0);
  });

  it('accepts the agency seal as a transparent PNG from the organization admin, and not from a specialist', async () => {
    await upload(w.users.ktSpecialist.auth, seal).expect(403);
    const res = await upload(w.users.admin.auth, seal);
    expect([200, 201]).toContain(res.status);
    expect(res.body).toMatchObject({ kind: 'seal', userId: null });
    expect(await stored()).toBe(1);
  });
});
