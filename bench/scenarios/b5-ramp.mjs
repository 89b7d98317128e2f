// B5 as a ramp: the highest arrival rate of the realistic mix that holds p95 ≤ 300 ms with 0 errors, for the API and,
// in the same run, for a raw-SQL version of the same mix (what PostgreSQL and the disk alone do on this machine).
// Machines of this kind differ about threefold, so the ratio of the two is the figure that travels.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openLoop } from '../lib/load.mjs';
import { QUERIES } from './b2-b3-reads.mjs';
import { b5Mixed } from './b5-mixed.mjs';
import { registerRaw } from './b1-registration.mjs';

// From 25 req/s: on the slow machines of this kind (raw SQL holding 100–200) steps of 50 were too coarse for a ratio.
export const RAMP_RATES = [25, 50, 75, 100, 150, 200, 250, 300, 350, 400, 450, 500, 650, 800, 1000, 1250, 1500, 2000];
const P95_LIMIT_MS = 300;
const RETRY_PAUSE_MS = 5_000;

/**
 * Runs `step(rate, seconds)` at rising rates until one misses (p95 over the limit, an error, or the generator could
 * not even start the requests on time). A missed step is run once more after a pause, for either side alike: on a shared
 * machine a stall of one or two seconds (seen on both sides, at 30 % CPU) queues enough requests to sink a 20-second
 * step's p95 by itself; a rate that misses twice is over the limit. Returns every attempt and the last rate that held.
 */
export async function ramp({ label, rates = RAMP_RATES, stepSeconds, step, log }) {
  const steps = [];
  let held = 0;
  // Warm-up, not counted: logins of the mix's users, JIT, pool connections.
  await step(Math.min(20, rates[0]), 3);
  for (const rate of rates) {
    let ok = false;
    for (let attempt = 1; attempt <= 2 && !ok; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
      const r = await step(rate, stepSeconds);
      ok = r.errors === 0 && r.p95 !== null && r.p95 <= P95_LIMIT_MS && r.rps >= rate * 0.9;
      steps.push({ rate, attempt, achieved: r.rps, p50: r.p50, p95: r.p95, p99: r.p99, errors: r.errors, ok, byKind: r.byKind, firstErrors: r.firstErrors });
      log?.(`${label} ${rate}/s${attempt > 1 ? ' (again)' : ''}: achieved ${r.rps}/s, p95 ${r.p95} ms, errors ${r.errors} ${ok ? '✓' : '✗'}`);
    }
    if (!ok) break;
    held = rate;
  }
  return { maxRate: held, steps, limit: `p95 ≤ ${P95_LIMIT_MS} ms, 0 errors; a missed step is run once more` };
}

/** Several API processes as one: requests go round-robin, as a reverse proxy would spread them. */
export function roundRobin(clients) {
  let k = 0;
  return { request: (...args) => clients[k++ % clients.length].request(...args) };
}

export function apiStep({ http, ctx, docIdsByWard, fileDocIdsByWard }) {
  return (rate, seconds) => b5Mixed({ http, ctx, rate, seconds, docIdsByWard, fileDocIdsByWard });
}

/**
 * The same mix in bare SQL and file reads, with the same weights: 25 % list, 25 % detail, 10 % worklist (first 50), 10 %
 * directory, 15 % file download (read and hash, as the product re-checks the hash), 10 % registration (counter,
 * document, history, audit row in one transaction), 5 % diacritic-free search.
 */
export function rawStep({ pool, ctx, docIdsByWard, fileDocIdsByWard, filesDir, registersByWard }) {
  const tag = randomUUID().slice(0, 8);
  let n = 0;
  const pickOf = (xs, i) => xs[i % xs.length];
  const today = new Date().toISOString().slice(0, 10);
  const timed = async (kind, fn) => {
    const t0 = performance.now();
    try {
      await fn();
      return { kind, ok: true, ms: performance.now() - t0 };
    } catch (e) {
      return { kind, ok: false, ms: performance.now() - t0, error: String(e.message ?? e).slice(0, 160) };
    }
  };
  return (rate, seconds) => openLoop({
    label: `B5 raw SQL ${rate}/s`, rate, seconds,
    next: (i) => {
      const w = ctx.wards[(i * 7) % ctx.wards.length];
      const org = w.organizationId;
      const roll = (i * 37) % 100;
      if (roll < 25) {
        return timed('list', () => pool.query(`SELECT d.*, count(*) OVER () AS total FROM incoming_documents d WHERE d.organization_id = $1
          AND d.confidentiality IN ('normal','restricted') ORDER BY d.arrival_date DESC NULLS FIRST, d.arrival_number DESC NULLS FIRST, d.created_at DESC, d.id
          LIMIT 20 OFFSET $2`, [org, 20 * (i % 5)]));
      }
      if (roll < 50) {
        const id = pickOf(docIdsByWard[org], i);
        return timed('detail', async () => {
          await pool.query(`SELECT * FROM incoming_documents WHERE organization_id = $1 AND id = $2`, [org, id]);
          await pool.query(`SELECT * FROM incoming_lines WHERE organization_id = $1 AND document_id = $2 ORDER BY created_at`, [org, id]);
          await pool.query(`SELECT * FROM incoming_document_history WHERE organization_id = $1 AND document_id = $2 ORDER BY created_at`, [org, id]);
        });
      }
      if (roll < 60) {
        return timed('worklist', () => pool.query(`SELECT l.id, l.deadline, d.summary, d.urgency FROM incoming_lines l
          JOIN incoming_documents d ON d.organization_id = l.organization_id AND d.id = l.document_id
          WHERE l.organization_id = $1 AND l.status IN ('pending','in_progress') AND (l.user_id = $2 OR l.department_id = $3)
          ORDER BY l.deadline NULLS LAST, l.id LIMIT 50`, [org, w.users.officeClerk.id, w.departments.office.id]));
      }
      if (roll < 70) {
        return timed('directory', () => (i % 2
          ? pool.query(`SELECT * FROM departments WHERE organization_id = $1 ORDER BY name`, [org])
          : pool.query(`SELECT * FROM registers WHERE organization_id = $1 AND kind = 'incoming' ORDER BY year DESC, name`, [org])));
      }
      if (roll < 85) {
        const id = pickOf(fileDocIdsByWard[org], i);
        return timed('download', async () => {
          const { rows: [f] } = await pool.query(`SELECT f.sha256 FROM incoming_documents d JOIN files f ON f.organization_id = d.organization_id AND f.id = d.file_id
            WHERE d.organization_id = $1 AND d.id = $2`, [org, id]);
          const sha = f.sha256.trim();
          const bytes = await readFile(join(filesDir, 'sha256', sha.slice(0, 2), sha.slice(2, 4), sha));
          if (createHash('sha256').update(bytes).digest('hex') !== sha) throw new Error('hash mismatch');
        });
      }
      if (roll < 95) {
        const k = ++n;
        return timed('write', async () => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await registerRaw(client, { ward: w, registerId: registersByWard[org].id, year: registersByWard[org].year, b: {
              channel: 'paper', issuerName: 'Sở Tài chính', symbol: `${k}/STC-raw${tag}`, documentType: 'CONG_VAN', documentDate: today,
              summary: `Công văn về việc quyết toán ngân sách số ${k}`, urgency: 'normal', confidentiality: 'normal' } });
            await client.query('COMMIT');
          } catch (e) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw e;
          } finally {
            client.release();
          }
        });
      }
      const words = pickOf(QUERIES, i).split(' ');
      const conds = words.map((_, k) => `d.search_text LIKE '%' || f_unaccent(lower($${k + 2})) || '%'`).join(' AND ');
      return timed('search', () => pool.query(`SELECT d.id FROM incoming_documents d WHERE d.organization_id = $1
        AND d.confidentiality IN ('normal','restricted') AND ${conds}
        ORDER BY d.arrival_date DESC NULLS FIRST, d.arrival_number DESC NULLS FIRST, d.created_at DESC, d.id LIMIT 20`, [org, ...words]));
    },
  });
}
