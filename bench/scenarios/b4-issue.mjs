// B4: documents issued per second (number + render + two PAdES signatures) through HTTP, beside the bare pdf-lib
// load+save of the same file in this process.
//
// Per page count: in each of a few wards, N drafts are created from the same uploaded PDF, submitted to the Chánh Văn
// phòng, approved and signed TL. (not timed); then the office clerks issue them with a few concurrent clients spread
// over the wards (so one register's counter lock is not what is measured). The first issue in each ward is a warm-up
// (it issues the development certificates and parses the keys, once per process) and is not timed.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { closedLoop } from '../lib/load.mjs';
import { makePdf } from '../lib/pdf.mjs';

const require = createRequire(import.meta.url);
const OUT = '/api/v1/outgoing-documents';
const env = (name, fallback) => Number(process.env[name] ?? fallback);

export async function b4Issue({ http, ctx }) {
  const wardCount = Math.min(env('B4_WARDS', 4), ctx.wards.length);
  if (wardCount < 1) return { skipped: 'no wards' };
  // The last wards: B1–B3 and B5 lean on the first ones.
  const wards = ctx.wards.slice(-wardCount);
  const clients = env('B4_CLIENTS', 4);
  const counts = { 3: env('B4_DOCS_3', 160), 50: env('B4_DOCS_50', 48) };
  const out = { wards: wardCount, clients };
  for (const pages of [3, 50]) {
    const pdf = await makePdf(pages);
    const baseline = await bareLoadSave(pdf);
    const perWard = Math.ceil(counts[pages] / wardCount);
    const docs = await prepare({ http, ctx, wards, pdf, pages, perWard: perWard + 1 });
    // Warm-up: one issue per ward (first key use), not timed.
    await Promise.all(wards.map(async (w) => {
      const r = await issue(http, ctx, docs.get(w).shift());
      if (!r.ok) throw new Error(`B4 warm-up issue failed: ${r.error}`);
    }));
    const queue = interleave(wards.map((w) => docs.get(w)));
    let next = 0;
    const r = await closedLoop({
      label: `B4 issue ${pages} pages`, clients, total: queue.length,
      next: async () => issue(http, ctx, queue[next++]),
    });
    if (r.errors) throw new Error(`B4 issue ${pages} pages: ${r.errors} errors: ${r.firstErrors?.join('; ')}`);
    out[pages] = {
      docsPerSecond: r.rps, baselinePerSecond: baseline.perSecond, count: r.requests, seconds: r.seconds,
      p50: r.p50, p95: r.p95, max: r.max, draftBytes: pdf.length, baselineMsPerDoc: baseline.ms,
    };
  }
  return out;
}

/** The bare library call: PDFDocument.load + save of the same draft, one after the other in this process. */
async function bareLoadSave(pdf) {
  const { PDFDocument } = require('pdf-lib');
  for (let i = 0; i < 5; i++) await (await PDFDocument.load(pdf)).save();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 2000 || n < 20) {
    await (await PDFDocument.load(pdf)).save();
    n++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: Math.round((n / seconds) * 100) / 100, ms: Math.round((seconds * 1000 / n) * 100) / 100 };
}

/** `perWard` signed THONG_BAO documents per ward, ready to issue: Map<ward, [{ ward, id }]>. */
async function prepare({ http, ctx, wards, pdf, pages, perWard }) {
  const docs = new Map();
  for (const w of wards) {
    const clerk = await ctx.auth(w, 'officeClerk');
    const chief = await ctx.auth(w, 'chiefOfOffice');
    const file = await upload(http, clerk, pdf, `Du thao ${pages} trang.pdf`);
    const ids = [];
    await runLimited(perWard, 8, async (i) => {
      const created = await call(http, 'POST', OUT, clerk, {
        documentType: 'THONG_BAO', summary: `Thông báo lịch tiếp công dân định kỳ, bản thử tải số ${i + 1} (${pages} trang)`,
        departmentId: w.departments.office.id, signerId: w.users.chiefOfOffice.id, fileId: file.id,
      }, 201);
      await call(http, 'POST', `${OUT}/${created.id}/submit`, clerk, { reviewerId: w.users.chiefOfOffice.id }, 200);
      await call(http, 'POST', `${OUT}/${created.id}/approve`, chief, {}, 200);
      await call(http, 'POST', `${OUT}/${created.id}/sign`, chief, { authority: 'TL' }, 200);
      ids.push({ ward: w, id: created.id });
    });
    docs.set(w, ids);
  }
  return docs;
}

async function issue(http, ctx, doc) {
  const headers = { ...(await ctx.auth(doc.ward, 'officeClerk')), 'idempotency-key': randomUUID() };
  const r = await http.request('POST', `${OUT}/${doc.id}/issue`, { headers, body: {} });
  const ok = r.status === 200 && r.body?.status === 'issued' && Number.isInteger(r.body?.number) && typeof r.body?.symbol === 'string';
  return { ok, status: r.status, ms: r.ms, error: ok ? undefined : `HTTP ${r.status} ${JSON.stringify(r.body?.error ?? r.body).slice(0, 200)}` };
}

async function call(http, method, path, headers, body, expected) {
  const r = await http.request(method, path, { headers, body });
  if (r.status !== expected) throw new Error(`B4 preparation: ${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

async function upload(http, headers, pdf, name) {
  const boundary = `----vanthu${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await http.request('POST', '/api/v1/files', { headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
  if (r.status !== 201) throw new Error(`B4 upload failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function runLimited(count, limit, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (i < count) await fn(i++);
  }));
}

/** Round-robin over the wards, so concurrent clients work in different registers. */
function interleave(lists) {
  const out = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}
