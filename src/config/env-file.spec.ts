import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from './env-file';

describe('.env file', () => {
  it('fills variables that are unset and never overrides the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vanthu-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=4100\nLOG_LEVEL=debug\n# a comment\nREDIS_URL=\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
    expect(loadEnvFile(env, file).sort()).toEqual(['PORT', 'REDIS_URL']);
    expect(env).toEqual({ PORT: '4100', LOG_LEVEL: 'warn', REDIS_URL: '' });
  });

  it('does nothing when there is no file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(env, join(tmpdir(), 'no-such-dir-vanthu', '.env'))).toEqual([]);
    expect(env).toEqual({});
  });
});
