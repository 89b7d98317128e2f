// B1: registration through HTTP (JSON, no file) vs the same transaction as raw SQL through pg, at the same concurrency.
import { createHash, randomUUID } from 'node:crypto';
import { closedLoop } from '../lib/load.mjs';

const body = (i, tag) => ({
  channel: 'electronic', issuerName: 'Sở Nội vụ', symbol: `${i}/SNV-${tag}`, documentType: 'CONG_VAN', documentDate: new Date().toISOString().slice(0, 10),
  summary: `Công văn về việc rà soát, sắp xếp tổ chức bộ máy số ${i}`, urgency: 'normal', confidentiality: 'normal',
});

// Into B1's own wards (ctx.b1Wards, bench/lib/seed.mjs), never those B2–B5 read.
export async function b1Http({ http, ctx, clients, seconds, oneRegister }) {
  const wards = ctx.b1Wards;
  let i = 0;
  const tag = randomUUID().slice(0, 8);
  return closedLoop({
    label: `B1 HTTP ${oneRegister ? 'one register' : `${wards.length} wards`}`, clients, seconds,
    next: async (c) => {
      const ward = wards[oneRegister ? 0 : c % wards.length];
      const n = ++i;
      const r = await http.request('POST', '/api/v1/incoming-documents', { headers: await ctx.auth(ward, 'officeClerk'), body: body(n, tag) });
      return { ok: r.status === 201, status: r.status, ms: r.ms, error: r.status === 201 ? undefined : JSON.stringify(r.body?.error ?? r.body).slice(0, 200) };
    },
  });
}

/** What registration does in PostgreSQL, written by hand: counter, document, history, audit chain. */
export async function b1Raw({ pool, ctx, clients, seconds, oneRegister, year }) {
  let i = 0;
  const tag = randomUUID().slice(0, 8);
  const wards = ctx.b1Wards;
  const registers = await Promise.all(wards.map(async (w) => (await pool.query(
    `SELECT id FROM registers WHERE organization_id = $1 AND kind = 'incoming' AND year = $2 AND department_id IS NULL AND NOT confidential AND is_default`,
    [w.organizationId, year])).rows[0].id));
  return closedLoop({
    label: `B1 raw SQL ${oneRegister ? 'one register' : `${wards.length} wards`}`, clients, seconds,
    next: async (c) => {
      const wi = oneRegister ? 0 : c % wards.length;
      const ward = wards[wi];
      const n = ++i;
      const b = body(n, `raw${tag}`);
      const client = await pool.connect();
      const t0 = performance.now();
      try {
        await client.query('BEGIN');
        await registerRaw(client, { ward, registerId: registers[wi], year, b });
        await client.query('COMMIT');
        return { ok: true, ms: performance.now() - t0 };
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        return { ok: false, error: e.message, ms: performance.now() - t0 };
      } finally {
        client.release();
      }
    },
  });
}

/** After the runs: every register's numbers are 1..max with no gap and no duplicate. */
export async function verifyGapless(pool) {
  const { rows } = await pool.query(`
    SELECT register_id, arrival_year, count(*)::int AS n, count(DISTINCT arrival_number)::int AS distinct_n, max(arrival_number) AS max_n
      FROM incoming_documents WHERE arrival_number IS NOT NULL GROUP BY register_id, arrival_year`);
  const bad = rows.filter((r) => r.n !== r.distinct_n || r.n !== r.max_n);
  return { registers: rows.length, numbers: rows.reduce((s, r) => s + r.n, 0), gapsOrDuplicates: bad.length };
}

/** What registration does in PostgreSQL, written by hand (inside the caller's transaction): counter, document, history, audit chain. */
export async function registerRaw(client, { ward, registerId, year, b }) {
  const dup = await client.query(`SELECT id FROM incoming_documents WHERE organization_id = $1 AND duplicate_key = lower(regexp_replace($2, '\\s+', '', 'g')) || '|' || lower(regexp_replace($3, '\\s+', '', 'g')) AND document_date = $4 LIMIT 1`,
    [ward.organizationId, b.issuerName, b.symbol, b.documentDate]);
  if (dup.rowCount) throw new Error('duplicate');
  const { rows: [{ last_number: num }] } = await client.query(
    `INSERT INTO register_counters (organization_id, register_id, year, last_number) VALUES ($1, $2, $3, 1)
     ON CONFLICT (register_id, year) DO UPDATE SET last_number = register_counters.last_number + 1 RETURNING last_number`,
    [ward.organizationId, registerId, year]);
  const { rows: [doc] } = await client.query(
    `INSERT INTO incoming_documents (organization_id, register_id, arrival_number, arrival_date, arrival_year, arrived_at, channel, issuer_name, symbol,
       document_type, document_date, summary, urgency, confidentiality, status, registered_by_user_id, registered_at, created_by_user_id)
     VALUES ($1,$2,$3,current_date,$4,now(),$5,$6,$7,$8,$9,$10,$11,$12,'registered',$13,now(),$13) RETURNING id`,
    [ward.organizationId, registerId, num, year, b.channel, b.issuerName, b.symbol, b.documentType, b.documentDate, b.summary, b.urgency, b.confidentiality, ward.users.officeClerk.id]);
  await client.query(`INSERT INTO incoming_document_history (organization_id, document_id, action, actor_user_id, data, created_at) VALUES ($1,$2,'registered',$3,'{}',now())`,
    [ward.organizationId, doc.id, ward.users.officeClerk.id]);
  // The audit append as the product does it: one statement advancing the chain head and writing the row.
  const chain = `bench-${ward.organizationId}`.slice(0, 40);
  const digest = createHash('sha256').update(JSON.stringify([chain, ward.organizationId, doc.id, b.summary])).digest('hex');
  await client.query(
    `WITH head AS (
       INSERT INTO audit_chain_heads AS h (chain_key, last_seq, prev_hash, last_hash)
       VALUES ($1, 1, repeat('0', 64), encode(sha256(convert_to(repeat('0', 64) || ':1:' || $2::text, 'UTF8')), 'hex'))
       ON CONFLICT (chain_key) DO UPDATE SET prev_hash = h.last_hash, last_seq = h.last_seq + 1,
         last_hash = encode(sha256(convert_to(h.last_hash || ':' || (h.last_seq + 1)::text || ':' || $2::text, 'UTF8')), 'hex')
       RETURNING last_seq, prev_hash, last_hash)
     INSERT INTO audit_log (chain_key, seq, organization_id, actor_user_id, action, entity_type, entity_id, data, created_at, prev_hash, hash)
     SELECT $1, head.last_seq, $3, $4, 'incoming.registered', 'IncomingDocument', $5, '{}', now(), head.prev_hash, head.last_hash FROM head`,
    [chain, digest, ward.organizationId, ward.users.officeClerk.id, doc.id]);
}
