#!/usr/bin/env node
// node bench/registers-print.mjs [--rows 50000] [--out /tmp/register.pdf] [--db postgres://… --register <uuid> --org <uuid> --from … --to …]
// Renders a printed register (Decree 30 sổ đăng ký văn bản đến) from the built code (npm run build first) and reports
// time, pages, size and memory: RSS and heap sampled every 50 ms, peak and growth over the starting value.
// Without --db the rows are made up in a generator (one at a time, like the database stream); with --db they are
// streamed by RegisterRowSource from that database.
import { createWriteStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ROWS = Number(arg('rows', '50000'));
const OUT = arg('out', '/tmp/vanthu-register-bench.pdf');

const { RegisterPdfRenderer } = require(join(root, 'dist/src/modules/registers-print/register-pdf.renderer.js'));
const { RegisterRowSource } = require(join(root, 'dist/src/modules/registers-print/register-rows.source.js'));

const day = (m, d) => new Date(Date.UTC(2025, m - 1, d));
async function* madeUpRows(n) {
  for (let i = 1; i <= n; i++) {
    yield {
      arrivalDate: day(1 + Math.floor((i - 1) / (n / 12 + 1)), 1 + (i % 28)), arrivalNumber: i,
      issuerName: i % 3 ? 'Ủy ban nhân dân Thành phố Hồ Chí Minh' : 'Sở Nội vụ Thành phố Hồ Chí Minh',
      symbol: `${i}/UBND-VX`, documentDate: day(1 + (i % 12), 1 + (i % 27)),
      typeAndSummary: `Công văn V/v triển khai công tác phòng, chống dịch bệnh sốt xuất huyết trên địa bàn phường (số ${i})${' và các nội dung liên quan'.repeat(i % 4)}`,
      recipients: i % 4 ? 'Phòng Văn hóa - Xã hội' : 'Phòng Kinh tế - Hạ tầng và Đô thị; Phối hợp: Phòng Văn hóa - Xã hội',
      transferDate: day(1 + (i % 12), 2 + (i % 26)), receiverSignature: null, note: i % 5 ? null : 'Khẩn',
    };
  }
}

const mb = (b) => Math.round(b / 1048576);
async function main() {
  global.gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  let rows;
  let heading = {
    agencyName: 'Ủy ban nhân dân phường Tân Bình', parentAgencyName: 'Ủy ban nhân dân Thành phố Hồ Chí Minh',
    registerName: 'Sổ đăng ký văn bản đến', year: 2025, fromNumber: 1, toNumber: ROWS, from: '2025-01-01', to: '2025-12-31',
  };
  let ds = null;
  if (arg('db')) {
    const { DataSource } = require('typeorm');
    ds = new DataSource({ type: 'postgres', url: arg('db') });
    await ds.initialize();
    const source = new RegisterRowSource(ds);
    const q = { organizationId: arg('org'), registerId: arg('register'), kind: 'incoming_register', from: arg('from', '2000-01-01'), to: arg('to', '2100-12-31') };
    heading = await source.heading(q);
    rows = source.stream(q);
  } else {
    rows = madeUpRows(ROWS);
  }
  const t0 = performance.now();
  let done = 0;
  let maxLag = 0;
  let last = performance.now();
  const lag = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 20);
    last = now;
  }, 20);
  const out = createWriteStream(OUT);
  await new RegisterPdfRenderer().render(heading, 'incoming_register', rows, out, (n) => { done = n; });
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  const ms = performance.now() - t0;
  clearInterval(sampler);
  clearInterval(lag);
  await ds?.destroy();
  const result = {
    rows: done, seconds: +(ms / 1000).toFixed(1), rowsPerSecond: Math.round(done / (ms / 1000)), bytes: statSync(OUT).size,
    rssStartMB: mb(start.rss), rssPeakMB: mb(peakRss), rssGrowthMB: mb(peakRss - start.rss), heapPeakMB: mb(peakHeap),
    maxEventLoopLagMs: Math.round(maxLag), out: OUT,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
main().catch((e) => { console.error(e); process.exit(1); });
