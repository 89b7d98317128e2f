// A small HTTP load generator on node:http with keep-alive: closed loop (N clients as fast as they can) and open loop
// (a fixed arrival rate, so a slow server shows up as latency, not as fewer requests).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Progress } from './progress.mjs';

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(latencies, seconds, errors, extra = {}) {
  const s = Float64Array.from(latencies).sort();
  const r = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    requests: s.length + errors, errors, seconds: r(seconds), rps: r(s.length / seconds),
    p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), max: r(s.length ? s[s.length - 1] : null), ...extra,
  };
}

export class HttpClient {
  constructor(baseUrl, maxSockets = 64) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Resolves { status, body, ms }; never rejects on HTTP status, only on network errors. */
  request(method, path, { headers = {}, body } = {}) {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.url.hostname, port: this.url.port, path, method, agent: this.agent,
        headers: { ...(payload && !headers['content-type'] ? { 'content-type': 'application/json' } : {}), ...(payload ? { 'content-length': payload.length } : {}), ...headers },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let parsed = raw;
          if ((res.headers['content-type'] ?? '').includes('json')) parsed = JSON.parse(raw.toString('utf8') || 'null');
          resolve({ status: res.statusCode, body: parsed, ms: performance.now() - t0, headers: res.headers });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * Closed loop: `clients` workers each run `next(i)` (which performs one request and returns { ok, ms }) until `seconds`
 * pass or `total` requests are done.
 */
export async function closedLoop({ label, clients, seconds, total, next }) {
  const latencies = [];
  let errors = 0;
  let done = 0;
  const progress = new Progress(label, total ?? null, seconds);
  const start = performance.now();
  const deadline = seconds ? start + seconds * 1000 : Infinity;
  const firstErrors = [];
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    while (performance.now() < deadline && (total === undefined || done < total)) {
      done++;
      try {
        const r = await next(c);
        if (r.ok) latencies.push(r.ms);
        else {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(r.error ?? `HTTP ${r.status}`);
        }
      } catch (e) {
        errors++;
        if (firstErrors.length < 3) firstErrors.push(String(e.message ?? e));
      }
      progress.tick(latencies.length + errors);
    }
  }));
  progress.done();
  return { ...summarize(latencies, (performance.now() - start) / 1000, errors), ...(firstErrors.length ? { firstErrors } : {}) };
}

/** Open loop: starts requests at `rate` per second for `seconds`, whatever the server does; latency includes queueing. */
export async function openLoop({ label, rate, seconds, next }) {
  const latencies = [];
  const byKind = {};
  let errors = 0;
  const firstErrors = [];
  const total = Math.round(rate * seconds);
  const progress = new Progress(label, total, seconds);
  const start = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(next(i).then((r) => {
      (byKind[r.kind] ??= []).push(r.ms);
      if (r.ok) latencies.push(r.ms);
      else {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(`${r.kind}: ${r.error ?? `HTTP ${r.status}`}`);
      }
    }, (e) => {
      errors++;
      if (firstErrors.length < 5) firstErrors.push(String(e.message ?? e));
    }).finally(() => progress.tick(latencies.length + errors)));
  }
  await Promise.all(inflight);
  progress.done();
  const kinds = Object.fromEntries(Object.entries(byKind).map(([k, v]) => {
    const s = Float64Array.from(v).sort();
    return [k, { count: v.length, p95: Math.round(percentile(s, 95) * 100) / 100 }];
  }));
  return { ...summarize(latencies, (performance.now() - start) / 1000, errors), targetRate: rate, byKind: kinds, ...(firstErrors.length ? { firstErrors } : {}) };
}
