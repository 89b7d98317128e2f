import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'vanthu-config-'));

describe('configuration', () => {
  it('works with no environment at all on a developer machine, with the documented defaults', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    expect(c).toMatchObject({ port: 3000, databaseUrl: 'postgres://postgres@127.0.0.1:5432/vanthu', redisUrl: null, workers: true, accessTokenTtlSeconds: 900 });
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('keeps generated secrets across restarts', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(loadConfig({ DATA_DIR: dir }).jwtSecret);
  });

  it('names every wrong setting at once', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: 'abc', WORKERS: 'maybe', DATABASE_URL: 'mysql://x', ACCESS_TOKEN_TTL_SECONDS: '3600' }))
      .toThrow(new ConfigError([
        'Invalid configuration:',
        '  - DATABASE_URL must be a postgres:// URL',
        '  - WORKERS must be "on" or "off"',
        '  - PORT must be an integer between 1 and 65535 (got "abc")',
        '  - ACCESS_TOKEN_TTL_SECONDS must be an integer between 60 and 900 (got "3600")',
      ].join('\n')));
  });

  it('reads SMTP_URL and PUBLIC_URL (unset → no e-mail, relative links) and refuses other schemes', () => {
    expect(loadConfig({ DATA_DIR: dataDir() })).toMatchObject({ smtpUrl: null, publicUrl: null });
    expect(loadConfig({ DATA_DIR: dataDir(), SMTP_URL: 'smtps://u:p@mail.example:465', PUBLIC_URL: 'https://vanthu.example/' }))
      .toMatchObject({ smtpUrl: 'smtps://u:p@mail.example:465', publicUrl: 'https://vanthu.example' });
    expect(() => loadConfig({ DATA_DIR: dataDir(), SMTP_URL: 'mail.example:25', PUBLIC_URL: 'vanthu.example' }))
      .toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL[\s\S]*PUBLIC_URL must be an http/);
  });

  it('refuses production without explicit secrets or with a weak bootstrap password', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), BOOTSTRAP_ADMIN_PASSWORD: 'admin' });
    expect(attempt).toThrow(/JWT_SECRET is required in production/);
    expect(attempt).toThrow(/MASTER_KEY is required in production/);
    expect(attempt).toThrow(/BOOTSTRAP_ADMIN_PASSWORD is too weak/);
  });
});
