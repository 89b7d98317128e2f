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

  it('refuses production without explicit secrets or with a weak bootstrap password', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), BOOTSTRAP_ADMIN_PASSWORD: 'admin' });
    expect(attempt).toThrow(/JWT_SECRET is required in production/);
    expect(attempt).toThrow(/MASTER_KEY is required in production/);
    expect(attempt).toThrow(/BOOTSTRAP_ADMIN_PASSWORD is too weak/);
  });

  it('trusts the development CA outside production only, unless the deployment says otherwise', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).trustDevCa).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir(), TRUST_DEV_CA: '', TRUST_CERTS: '', AUDIT_KEY: '' }).trustDevCa).toBe(true);
    const prod = { NODE_ENV: 'production', DATA_DIR: dataDir(), BOOTSTRAP_ADMIN_PASSWORD: 'Mot-mat-khau-dai-2025!', JWT_SECRET: 'j'.repeat(40), MASTER_KEY: 'm'.repeat(40) };
    expect(loadConfig(prod).trustDevCa).toBe(false);
    expect(loadConfig({ ...prod, TRUST_DEV_CA: 'on' }).trustDevCa).toBe(true);
    expect(() => loadConfig({ DATA_DIR: dataDir(), TRUST_DEV_CA: 'yes' })).toThrow(/TRUST_DEV_CA must be "on" or "off"/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), TRUST_CERTS: '/no/such/ca.pem' })).toThrow(/TRUST_CERTS: \/no\/such\/ca.pem does not exist/);
  });

  it('derives the audit key from MASTER_KEY when AUDIT_KEY is unset, and refuses a short AUDIT_KEY', () => {
    const dir = dataDir();
    const derived = loadConfig({ DATA_DIR: dir, MASTER_KEY: 'm'.repeat(40) }).auditKey;
    expect(derived).toHaveLength(32);
    expect(derived.toString('utf8')).not.toContain('mmmm');
    expect(loadConfig({ DATA_DIR: dir, MASTER_KEY: 'm'.repeat(40) }).auditKey.equals(derived)).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, AUDIT_KEY: 'a'.repeat(32) }).auditKey.toString('utf8')).toBe('a'.repeat(32));
    expect(() => loadConfig({ DATA_DIR: dir, AUDIT_KEY: 'short' })).toThrow(/AUDIT_KEY must be at least 32 characters/);
  });
});
