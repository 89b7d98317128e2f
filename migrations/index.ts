import { readdirSync } from 'node:fs';

/**
 * Every migration class in this folder, oldest first. Files are named <epochMs>-<VerbNoun>.ts; loading them by
 * name here keeps one list for the app, the CLI and the test template, in ts (Jest) and compiled js alike.
 */
export function loadMigrations(): Function[] {
  const files = readdirSync(__dirname)
    .filter((f) => /^\d{13}-[A-Za-z0-9]+\.(ts|js)$/.test(f))
    .sort();
  const classes: Function[] = [];
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`${__dirname}/${f}`) as Record<string, unknown>;
    for (const v of Object.values(mod)) if (typeof v === 'function') classes.push(v as Function);
  }
  return classes;
}
