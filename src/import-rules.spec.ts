import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * Two rules of the code (docs/DEVELOPING.md), checked over the sources as text:
 *  - src/common/ never imports from src/modules/ (modules depend on common, not the other way; a need of common code
 *    that a module fulfils is a port in common that the module provides, e.g. common/audit/audit-trail.port.ts);
 *  - no import cycles among src/**\/*.ts. `import type` (and `{ type A }` only) is erased at compile time, so it is left out;
 *  - no cycle between feature modules (STYLE §1: dependencies point one way), counting type imports too; specs and the
 *    support files only specs import are left out.
 */

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

const SRC = resolve(__dirname);

// `import … from 'x'`, `export … from 'x'`, `import 'x'`; the clause may span lines.
const STATIC = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?((?:(?!\b(?:import|export)\b)[\w*${},\s])*?)\s*from\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g;
const DYNAMIC = /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function isTypeOnlyClause(clause: string): boolean {
  const m = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!m) return false;
  const names = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

export function parseImports(text: string): ImportRef[] {
  const code = stripComments(text);
  const refs: ImportRef[] = [];
  for (const m of code.matchAll(STATIC)) {
    if (m[5]) refs.push({ specifier: m[5], typeOnly: false });
    else refs.push({ specifier: m[4], typeOnly: Boolean(m[2]) || isTypeOnlyClause(m[3]) });
  }
  // A dynamic import still reaches into its target (layering), but loads lazily, so it closes no load-time cycle.
  for (const m of code.matchAll(DYNAMIC)) refs.push({ specifier: m[1], typeOnly: true });
  return refs;
}

function resolveRelative(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every elementary cycle found by a depth-first walk: each strongly connected part is reported once, as one cycle. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join('|');
        if (!seen.has(key)) (seen.add(key), cycles.push([...cycle, next]));
      } else if (!s) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/**
 * Specs, and files only specs import (e.g. files/pdf/pdf-test-support.ts): a spec may reach into another module to build
 * its input without that being a dependency of the product. A file nothing imports (main.ts, a CLI) is not test-only.
 */
export function testOnlyFiles(files: string[], imports: Map<string, ImportRef[]>): Set<string> {
  const importers = new Map<string, Set<string>>();
  for (const f of files) {
    for (const r of imports.get(f) ?? []) {
      const target = resolveRelative(f, r.specifier);
      if (target && target !== f) importers.set(target, (importers.get(target) ?? new Set()).add(f));
    }
  }
  const testOnly = new Set(files.filter((f) => f.endsWith('.spec.ts')));
  for (let grew = true; grew;) {
    grew = false;
    for (const f of files) {
      const by = importers.get(f);
      if (testOnly.has(f) || !by?.size || ![...by].every((i) => testOnly.has(i))) continue;
      testOnly.add(f);
      grew = true;
    }
  }
  return testOnly;
}

const rel = (p: string) => relative(SRC, p);

describe('import rules', () => {
  const files = sourceFiles(SRC);
  const imports = new Map(files.map((f) => [f, parseImports(readFileSync(f, 'utf8'))]));

  it('src/common never imports from src/modules (not even a type)', () => {
    const modulesDir = join(SRC, 'modules') + '/';
    const offenders = files
      .filter((f) => f.startsWith(join(SRC, 'common') + '/'))
      .flatMap((f) => (imports.get(f) ?? [])
        .filter((r) => resolve(dirname(f), r.specifier).startsWith(modulesDir) || r.specifier.includes('src/modules/'))
        .map((r) => `${rel(f)} → ${r.specifier}`));
    expect(offenders).toEqual([]);
  });

  it('no import cycles among src/**/*.ts (type-only imports left out)', () => {
    const graph = new Map<string, string[]>();
    for (const f of files) {
      const targets = (imports.get(f) ?? []).filter((r) => !r.typeOnly).map((r) => resolveRelative(f, r.specifier));
      graph.set(rel(f), [...new Set(targets.filter((t): t is string => t !== null).map(rel))]);
    }
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('feature modules depend on each other one way (no module cycle; specs and their support files left out)', () => {
    const moduleOf = (p: string) => /^modules\/([^/]+)\//.exec(rel(p))?.[1];
    const testOnly = testOnlyFiles(files, imports);
    const graph = new Map<string, string[]>();
    for (const f of files.filter((x) => !testOnly.has(x))) {
      const from = moduleOf(f);
      if (!from) continue;
      const targets = (imports.get(f) ?? []).map((r) => resolveRelative(f, r.specifier)).filter((t): t is string => t !== null);
      const used = targets.map(moduleOf).filter((m): m is string => m !== undefined && m !== from);
      graph.set(from, [...new Set([...(graph.get(from) ?? []), ...used])]);
    }
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the scanner sees value imports, leaves type-only ones out and finds a cycle', () => {
    const refs = parseImports(`import type { A } from './a';\nimport { type B, type C } from './b';\nimport {\n  D,\n  type E,\n} from './d';\n` +
      `export * from './e';\nimport './f';\n// import { G } from './g';\nconst h = await import('./h');`);
    expect(refs).toEqual([
      { specifier: './a', typeOnly: true }, { specifier: './b', typeOnly: true }, { specifier: './d', typeOnly: false },
      { specifier: './e', typeOnly: false }, { specifier: './f', typeOnly: false }, { specifier: './h', typeOnly: true },
    ]);
    const cycles = findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]));
    expect(cycles).toEqual([['a', 'b', 'c', 'a']]);
  });
});
