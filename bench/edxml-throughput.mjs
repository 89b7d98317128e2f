#!/usr/bin/env node
// Time to build, sign, verify and parse edXML packages (src/modules/exchange/edxml) by attachment size, one process,
// no I/O. Each size runs `--runs` times after one warm-up; the median is reported with the peak RSS.
//   npm run build && node bench/edxml-throughput.mjs [--sizes 0.1,5,20,45] [--runs 3]
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const edxml = require(join(root, 'dist', 'src', 'modules', 'exchange', 'edxml', 'index.js'));
const { createDevCa, issueCertificate } = require(join(root, 'dist', 'src', 'modules', 'signing', 'crypto', 'dev-ca.js'));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES_MB = arg('sizes', '0.1,5,20,45').split(',').map(Number);
const RUNS = Number(arg('runs', '3'));

const ca = createDevCa({ commonName: 'Bench CA', organization: 'vanthu bench' });
const leaf = issueCertificate(ca, { commonName: 'UBND phường Bench', organization: 'UBND phường Bench', kind: 'agency' });
const key = { privateKeyPem: leaf.keyPem, certificatePem: leaf.certPem };

function documentOf(bytes) {
  return {
    from: { organId: '000.12.34.H29', organName: 'UBND phường Tân Bình' }, to: [{ organId: '000.12.35.H29', organName: 'UBND phường Bảy Hiền' }],
    code: { codeNumber: '05', codeNotation: 'TB-UBND' }, promulgationInfo: { place: 'Tân Bình', promulgationDate: '2025-07-07' },
    documentType: { type: 1, typeName: 'Công văn' }, subject: 'Công văn đo hiệu năng', signerInfo: { fullName: 'Lê Văn Đức' }, toPlaces: ['Lưu: VT'],
    otherInfo: { priority: 0 }, documentId: '000.12.34.H29,2025/07/07,05/TB-UBND', traceHeaders: [{ organId: '000.12.34.H29', timestamp: '2025-07-07T16:05:09+07:00' }],
    business: { businessDocType: 0 }, attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', fileName: 'a.pdf', data: randomBytes(bytes) }],
  };
}

const time = (fn) => { const t = process.hrtime.bigint(); const r = fn(); return [r, Number(process.hrtime.bigint() - t) / 1e6]; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
for (const mb of SIZES_MB) {
  const doc = documentOf(Math.round(mb * 1024 * 1024));
  const t = { build: [], sign: [], verify: [], parse: [] };
  let packageBytes = 0;
  for (let run = 0; run <= RUNS; run += 1) {
    const [xml, b] = time(() => edxml.buildEdxmlMessage(doc));
    const [signed, s] = time(() => edxml.signEdxml(xml, key));
    const [check, v] = time(() => edxml.verifyEdxml(signed));
    if (!check.valid) throw new Error(`verification failed: ${check.reason}`);
    const [, p] = time(() => edxml.parseEdxmlMessage(signed));
    packageBytes = Buffer.byteLength(signed);
    if (run > 0) { t.build.push(b); t.sign.push(s); t.verify.push(v); t.parse.push(p); }
  }
  rows.push({ attachmentMB: mb, packageMB: +(packageBytes / 1048576).toFixed(1), buildMs: median(t.build), signMs: median(t.sign), verifyMs: median(t.verify), parseMs: median(t.parse), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });
}
console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 10) / 10 : v]))));
