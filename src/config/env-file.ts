import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';

/**
 * Reads `.env` (or ENV_FILE) into the environment when it exists. The environment wins: a variable already set is
 * never overwritten, so a service manager's settings beat a stale file. Returns the keys it set.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, file = env.ENV_FILE ?? '.env'): string[] {
  const path = resolve(file);
  if (!existsSync(path)) return [];
  const parsed = parse(readFileSync(path));
  const set: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    set.push(key);
  }
  return set;
}
