// bench/results/latest.json (every figure with its baseline and ratio) and a table appended to docs/BENCHMARKS.md.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const fmt = (v, unit = '') => (v === null || v === undefined ? '—' : `${typeof v === 'number' ? Math.round(v * 100) / 100 : v}${unit}`);

export function writeResults(root, results) {
  const file = join(root, 'bench', 'results', 'latest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const md = join(root, 'docs', 'BENCHMARKS.md');
  if (!existsSync(md)) {
    writeFileSync(md, '# Benchmarks\n\n`npm run bench` (default `--scale small`) appends one section per run. Each figure stands beside the best this\nmachine does without our code in the same run (raw SQL of the same transaction, the bare library call), and the ratio.\nTargets are goals shown against, never test assertions.\n');
  }
  const m = results.machine;
  const rows = results.figures.map((f) =>
    `| ${f.id} | ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.baseline === undefined ? '—' : `${fmt(f.baseline)} ${f.unit}`} | ${fmt(f.ratio)} | ${f.target ?? '—'} | ${f.met === undefined ? '—' : f.met ? 'yes' : '**no**'} |`);
  appendFileSync(md, [
    '',
    `## ${results.startedAt} — scale ${results.scale} (${results.dataset.documents.toLocaleString('en')} documents, ${results.dataset.wards} wards)`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; PostgreSQL ${m.postgres}; load average at start ${fmt(m.loadAverage1m)}.`,
    `Duration: ${fmt(results.durationSeconds)} s (seeding ${fmt(results.dataset.seedSeconds)} s).`,
    '',
    '| id | figure | ours | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(results.notes?.length ? ['Notes:', ...results.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n'));
  return { json: file, markdown: md };
}
