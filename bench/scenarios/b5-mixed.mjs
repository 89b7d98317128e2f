// B5: a realistic mix at a fixed arrival rate — 70 % reads and lists (10 % the worklist's first page), 15 % file downloads, 10 % workflow writes, 5 % search.
import { randomUUID } from 'node:crypto';
import { openLoop } from '../lib/load.mjs';
import { QUERIES } from './b2-b3-reads.mjs';

export async function b5Mixed({ http, ctx, rate, seconds, docIdsByWard, fileDocIdsByWard }) {
  const tag = randomUUID().slice(0, 8);
  let n = 0;
  const today = new Date().toISOString().slice(0, 10);
  const pickOf = (xs, i) => xs[i % xs.length];
  return openLoop({
    label: `B5 mixed ${rate}/s`, rate, seconds,
    next: async (i) => {
      const w = ctx.wards[(i * 7) % ctx.wards.length];
      const headers = await ctx.auth(w, 'officeClerk');
      const roll = (i * 37) % 100;
      let kind;
      let r;
      if (roll < 25) {
        kind = 'list';
        r = await http.request('GET', `/api/v1/incoming-documents?page=${1 + (i % 5)}&pageSize=20`, { headers });
      } else if (roll < 50) {
        kind = 'detail';
        r = await http.request('GET', `/api/v1/incoming-documents/${pickOf(docIdsByWard[w.organizationId], i)}`, { headers });
      } else if (roll < 60) {
        // The home page of the web app (web/src/api/hooks.ts useWorklist): the first page of the worklist with its counts.
        // Until 2026-12-02 this was the unpaged /inbox, which grows with every unpresented document B1 registers.
        kind = 'worklist';
        r = await http.request('GET', '/api/v1/worklist?limit=50', { headers });
      } else if (roll < 70) {
        kind = 'directory';
        r = await http.request('GET', i % 2 ? '/api/v1/departments' : '/api/v1/registers?kind=incoming', { headers });
      } else if (roll < 85) {
        kind = 'download';
        const ids = fileDocIdsByWard[w.organizationId];
        r = await http.request('GET', `/api/v1/incoming-documents/${pickOf(ids, i)}/file`, { headers });
      } else if (roll < 95) {
        kind = 'write';
        r = await http.request('POST', '/api/v1/incoming-documents', { headers, body: {
          channel: 'paper', issuerName: 'Sở Tài chính', symbol: `${++n}/STC-${tag}`, documentType: 'CONG_VAN', documentDate: today,
          summary: `Công văn về việc quyết toán ngân sách số ${n}`, urgency: 'normal', confidentiality: 'normal' } });
      } else {
        kind = 'search';
        r = await http.request('GET', `/api/v1/incoming-documents?q=${encodeURIComponent(pickOf(QUERIES, i))}`, { headers });
      }
      const ok = r.status >= 200 && r.status < 300;
      return { kind, ok, status: r.status, ms: r.ms, error: ok ? undefined : JSON.stringify(r.body?.error ?? '').slice(0, 160) };
    },
  });
}
