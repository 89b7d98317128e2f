// B2: diacritic-free search through the API vs the bare SQL of the same query; B3: /inbox of a heavy user.
import { closedLoop } from '../lib/load.mjs';

export const QUERIES = ['giao dat', 'phong chong lut bao', 'chuyen doi so', 'quyet dinh', 'an toan thuc pham', 'khieu nai', 'quy hoach xay dung',
  'ngan sach nha nuoc', 'trat tu long duong', 'sot xuat huyet', 'danh gia cong chuc', 'an toan giao thong', 'ho ngheo', 'tuyen sinh',
  'vi pham trat tu xay dung', 'sap nhap khu pho', 'chat thai ran', 'thu tuc hanh chinh', 'giai phong mat bang', 'so noi vu'];

// The stored unaccented text the product matches words against (migration ScopeIncomingSearch, indexed with the organization).
const SEARCH_TEXT = 'd.search_text';
const ORDER = (t) => `${t}.arrival_date DESC NULLS FIRST, ${t}.arrival_number DESC NULLS FIRST, ${t}.created_at DESC, ${t}.id`;

export async function b2Http({ http, ctx, clients, total }) {
  const ward = ctx.wards[0];
  let i = 0;
  return closedLoop({
    label: 'B2 search via API', clients, total,
    next: async () => {
      const q = QUERIES[i++ % QUERIES.length];
      const r = await http.request('GET', `/api/v1/incoming-documents?q=${encodeURIComponent(q)}&pageSize=20`, { headers: await ctx.auth(ward, 'officeClerk') });
      return { ok: r.status === 200, status: r.status, ms: r.ms };
    },
  });
}

/**
 * The same search as bare SQL, shaped as the product's (IncomingQueriesService.list): the ward's visible documents, all
 * words, newest arrival first — the matches collected once, counted and top-N sorted, then the page's rows.
 */
export async function b2Raw({ pool, ctx, clients, total }) {
  const ward = ctx.wards[0];
  let i = 0;
  return closedLoop({
    label: 'B2 search bare SQL', clients, total,
    next: async () => {
      const words = QUERIES[i++ % QUERIES.length].split(' ');
      const conds = words.map((_, k) => `${SEARCH_TEXT} LIKE '%' || f_unaccent(lower($${k + 2})) || '%'`).join(' AND ');
      const where = `d.organization_id = $1 AND d.confidentiality IN ('normal', 'restricted') AND ${conds}`;
      const t0 = performance.now();
      await pool.query(`WITH matches AS MATERIALIZED (
                          SELECT d.id, d.arrival_date, d.arrival_number, d.created_at FROM incoming_documents d WHERE ${where}),
                        page AS (SELECT m.*, (SELECT count(*) FROM matches) AS total_count FROM matches m ORDER BY ${ORDER('m')} LIMIT 20)
                        SELECT d.*, page.total_count::int FROM page JOIN incoming_documents d ON d.organization_id = $1 AND d.id = page.id
                         ORDER BY ${ORDER('page')}`, [ward.organizationId, ...words]);
      return { ok: true, ms: performance.now() - t0 };
    },
  });
}

export async function b3Inbox({ http, ctx, clients, total }) {
  const ward = ctx.wards[0];
  let items = null;
  const result = await closedLoop({
    label: 'B3 /inbox heavy user', clients, total,
    next: async () => {
      const r = await http.request('GET', '/api/v1/inbox', { headers: await ctx.auth(ward, 'ktClerk') });
      if (r.status === 200) items = Array.isArray(r.body) ? r.body.length : r.body?.items?.length ?? r.body?.total;
      return { ok: r.status === 200, status: r.status, ms: r.ms };
    },
  });
  return { ...result, inboxItems: items };
}

/** B3 (Worklist v2): the first page of the heavy user's /worklist — one SQL statement, counts included. */
export async function b3Worklist({ http, ctx, clients, total }) {
  const ward = ctx.wards[0];
  let counts = null;
  const result = await closedLoop({
    label: 'B3 /worklist heavy user', clients, total,
    next: async () => {
      const r = await http.request('GET', '/api/v1/worklist?limit=50', { headers: await ctx.auth(ward, 'ktClerk') });
      if (r.status === 200) counts = r.body?.counts ?? null;
      return { ok: r.status === 200, status: r.status, ms: r.ms };
    },
  });
  return { ...result, worklistTotal: counts?.total ?? null };
}
