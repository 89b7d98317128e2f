import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditCheckpointsService } from '../../src/modules/audit-checkpoints/audit-checkpoints.service';
import type { StoredAuditRow } from '../../src/modules/audit/audit-chain-verifier';
import { auditDigest, chainHash, GENESIS_HASH, keyedHash } from '../../src/modules/audit/audit-hash';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { tempFiles } from '../fixtures/pki-fixtures';
import { createTestApp, TestApp } from '../setup/test-app';

/**
 * What someone holding the database (a superuser, without AUDIT_KEY) can do to the audit log, and that
 * GET /audit/verify sees each of it.
 */
describe('audit log: edits by whoever holds the database are detected', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T03:00:00Z');
  });
  afterAll(() => t.close());

  const verify = async (w: TanBinhWard) => (await t.http.get('/api/v1/audit/verify').set(w.users.admin.auth).expect(200)).body;
  const rows = async (w: TanBinhWard) => (await t.ds.query(`SELECT * FROM audit_log WHERE chain_key = $1 ORDER BY seq`, [w.org.id])) as StoredAuditRow[];
  const checkpoint = (w: TanBinhWard) => t.app.get(AuditCheckpointsService).signHead(w.org.id);

  /** The superuser's way around the append-only trigger. */
  async function asSuperuser(sql: string, params: unknown[]) {
    await t.ds.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      await t.ds.query(sql, params);
    } finally {
      await t.ds.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
  }

  const content = (r: StoredAuditRow) => ({
    chainKey: r.chain_key, organizationId: r.organization_id, actorUserId: r.actor_user_id, onBehalfOfUserId: r.on_behalf_of_user_id,
    action: r.action, entityType: r.entity_type, entityId: r.entity_id, data: r.data, createdAt: new Date(r.created_at).toISOString(),
  });

  /** Edits row `editSeq`'s data, then recomputes every hash from `fromSeq` on with `hash` and moves the head: a full re-chain. */
  async function rewrite(w: TanBinhWard, fromSeq: number, editSeq: number, version: number, hash: (r: StoredAuditRow, prev: string) => string) {
    const all = await rows(w);
    let prev = fromSeq === 1 ? GENESIS_HASH : all[fromSeq - 2].hash;
    for (const r of all.filter((x) => Number(x.seq) >= fromSeq)) {
      if (Number(r.seq) === editSeq) r.data = { ...(r.data as object), forged: true };
      const h = hash({ ...r, prev_hash: prev, hash_version: version }, prev);
      await asSuperuser(`UPDATE audit_log SET data = $2, prev_hash = $3, hash = $4, hash_version = $5 WHERE id = $1`,
        [r.id, JSON.stringify(r.data), prev, h, version]);
      prev = h;
    }
    await t.ds.query(`UPDATE audit_chain_heads SET last_hash = $2 WHERE chain_key = $1`, [w.org.id, prev]);
  }

  it('an untouched chain verifies, and its signed checkpoint exports with a signature OpenSSL accepts', async () => {
    const w = await createTanBinhWard(t);
    const cp = await checkpoint(w);
    expect(cp).not.toBeNull();
    const report = await verify(w);
    expect(report).toEqual({
      ok: true, checkedRows: (await rows(w)).length, legacyRows: 0,
      checkpoints: { total: 1, verified: 1, latest: { seq: cp!.seq, createdAt: '2025-07-07T03:00:00.000Z' } },
    });
    const exported = (await t.http.get('/api/v1/audit/checkpoints').set(w.users.admin.auth).expect(200)).body.items;
    expect(exported).toEqual([expect.objectContaining({ seq: cp!.seq, headHash: cp!.headHash, signerSubject: w.org.name })]);
    const files = tempFiles({ 'payload.json': exported[0].payload, 'cert.pem': exported[0].certificatePem });
    const sig = join(files['payload.json'], '..', 'sig.der');
    writeFileSync(sig, Buffer.from(exported[0].signature, 'base64'));
    const openssl = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', files['payload.json'],
      '-noverify', '-certfile', files['cert.pem'], '-out', '/dev/null'], { encoding: 'utf8' });
    expect({ status: openssl.status, stderr: openssl.stderr.trim() }).toEqual({ status: 0, stderr: 'CMS Verification successful' });
    // Signing again with nothing new is a no-op.
    expect(await checkpoint(w)).toBeNull();
  });

  it('an edited row is named as the first broken row', async () => {
    const w = await createTanBinhWard(t);
    const target = (await rows(w))[2];
    await asSuperuser(`UPDATE audit_log SET data = data || '{"fullName":"Người khác"}' WHERE id = $1`, [target.id]);
    expect(await verify(w)).toMatchObject({ ok: false, checkedRows: 2, firstBrokenRow: { id: String(target.id), seq: 3, reason: 'content does not match its hash' } });
  });

  it('an edited ip (outside the old hash) is named as the first broken row', async () => {
    const w = await createTanBinhWard(t);
    const target = (await rows(w))[1];
    await asSuperuser(`UPDATE audit_log SET ip = '203.0.113.66' WHERE id = $1`, [target.id]);
    expect(await verify(w)).toMatchObject({ ok: false, firstBrokenRow: { id: String(target.id), seq: 2, reason: 'content does not match its hash' } });
  });

  it('a chain rewritten with a guessed key (every later hash recomputed, head moved) breaks at the edited row', async () => {
    const w = await createTanBinhWard(t);
    await rewrite(w, 3, 3, 3, (r, prev) => keyedHash(Buffer.from('a'.repeat(32)), {
      ...content(r), id: String(r.id), seq: Number(r.seq), ip: r.ip, requestId: r.request_id, prevHash: prev,
    }));
    expect(await verify(w)).toMatchObject({ ok: false, checkedRows: 2, firstBrokenRow: { seq: 3, reason: 'content does not match its hash' } });
  });

  it('a chain rewritten from one row on with plain SHA-256 (the old unkeyed formula) is a downgrade and breaks there', async () => {
    const w = await createTanBinhWard(t);
    await rewrite(w, 4, 4, 2, (r, prev) => chainHash(prev, Number(r.seq), auditDigest(content(r))));
    expect(await verify(w)).toMatchObject({ ok: false, checkedRows: 3, firstBrokenRow: { seq: 4, reason: 'unkeyed row (version 2) after keyed rows' } });
  });

  it('a whole chain rewritten with plain SHA-256 from its first row passes the hash walk but not the signed checkpoint', async () => {
    const w = await createTanBinhWard(t);
    const cp = await checkpoint(w);
    await rewrite(w, 1, 2, 2, (r, prev) => chainHash(prev, Number(r.seq), auditDigest(content(r))));
    const report = await verify(w);
    expect(report).toMatchObject({
      ok: false, legacyRows: report.checkedRows,
      checkpoints: { total: 1, verified: 0, firstBroken: { seq: cp!.seq, reason: 'the chain no longer leads to the signed head hash (history rewritten)' } },
    });
    expect(report.firstBrokenRow).toBeUndefined();
  });

  it('rows cut from the end (head moved back) are caught by the head and by the checkpoint', async () => {
    const w = await createTanBinhWard(t);
    const cp = await checkpoint(w);
    const all = await rows(w);
    await asSuperuser(`DELETE FROM audit_log WHERE id = $1`, [all.at(-1)!.id]);
    const report = await verify(w);
    expect(report).toMatchObject({ ok: false, firstBrokenRow: { seq: all.length, reason: 'the chain head does not match the last row (rows missing at the end)' } });
    await t.ds.query(`UPDATE audit_chain_heads SET last_seq = $2, last_hash = $3 WHERE chain_key = $1`, [w.org.id, all.length - 1, all.at(-2)!.hash]);
    expect(await verify(w)).toMatchObject({ ok: false, checkpoints: { firstBroken: { seq: cp!.seq, reason: 'the row this checkpoint signed no longer exists' } } });
  });

  it('rows written before the keyed chain (unkeyed version 2) still verify, followed by keyed rows', async () => {
    const w = await createTanBinhWard(t);
    const all = await rows(w);
    // As if the first two rows had been written by the previous release.
    await rewrite(w, 1, -1, 2, (r, prev) => (Number(r.seq) <= 2 ? chainHash(prev, Number(r.seq), auditDigest(content(r))) : ''));
    // …and the keyed rows after them re-hashed by the application key, as they were written after the upgrade.
    const key = t.config.auditKey;
    await rewriteTail(w, 3, key);
    const report = await verify(w);
    expect(report).toMatchObject({ ok: true, checkedRows: all.length, legacyRows: 2 });
  });

  /** Re-keys rows from `fromSeq` with the real key (what the application would have written after two legacy rows). */
  async function rewriteTail(w: TanBinhWard, fromSeq: number, key: Buffer) {
    const all = await rows(w);
    let prev = all[fromSeq - 2].hash;
    for (const r of all.filter((x) => Number(x.seq) >= fromSeq)) {
      const h = keyedHash(key, { ...content(r), id: String(r.id), seq: Number(r.seq), ip: r.ip, requestId: r.request_id, prevHash: prev });
      await asSuperuser(`UPDATE audit_log SET prev_hash = $2, hash = $3, hash_version = 3 WHERE id = $1`, [r.id, prev, h]);
      prev = h;
    }
    await t.ds.query(`UPDATE audit_chain_heads SET last_hash = $2 WHERE chain_key = $1`, [w.org.id, prev]);
  }

  it('the scheduled job signs every organization with an agency key whose chain moved, once, and creates no key', async () => {
    const w = await createTanBinhWard(t);
    const keyless = await createTanBinhWard(t);
    await t.http.post('/api/v1/signing-keys/dev-certificates').set(w.users.admin.auth).send({ agency: true }).expect(201);
    const service = t.app.get(AuditCheckpointsService);
    expect(await service.signAll()).toBeGreaterThanOrEqual(1);
    expect(await service.signAll()).toBe(0);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_checkpoints WHERE chain_key = $1`, [w.org.id]);
    expect(n).toBe(1);
    expect(await t.ds.query(`SELECT id FROM audit_checkpoints WHERE chain_key = $1`, [keyless.org.id])).toEqual([]);
    expect(await t.ds.query(`SELECT id FROM signing_keys WHERE organization_id = $1`, [keyless.org.id])).toEqual([]);
  });

  it('a clerk may read neither the audit verification nor the checkpoints', async () => {
    const a = await createTanBinhWard(t);
    await t.http.get('/api/v1/audit/verify').set(a.users.officeClerk.auth).expect(403);
    await t.http.get('/api/v1/audit/checkpoints').set(a.users.officeClerk.auth).expect(403);
  });
});
