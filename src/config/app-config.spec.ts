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
        '  - DATABASE_URL must start with postgres:// or postgresql:// (got "mysql://")',
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
      .toThrow(/SMTP_URL must start with smtp:\/\/ or smtps:\/\/[\s\S]*PUBLIC_URL must be an http/);
  });

  it('refuses production without explicit secrets or with a weak bootstrap password', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), BOOTSTRAP_ADMIN_PASSWORD: 'admin' });
    expect(attempt).toThrow(/JWT_SECRET is required in production/);
    expect(attempt).toThrow(/MASTER_KEY is required in production/);
    expect(attempt).toThrow(/BOOTSTRAP_ADMIN_PASSWORD is too weak/);
  });

  it('names the variable when a URL does not parse or has no host, and when LOG_LEVEL is not a level', () => {
    const fail = (env: Record<string, string>) => {
      try {
        loadConfig({ DATA_DIR: dataDir(), ...env });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(fail({ DATABASE_URL: 'localhost:5432/vanthu' })).toContain('DATABASE_URL');
    expect(fail({ DATABASE_URL: 'postgres:///vanthu' })).toContain('DATABASE_URL has no host');
    expect(fail({ REDIS_URL: 'http://127.0.0.1:6379' })).toContain('REDIS_URL must start with redis:// or rediss://');
    expect(fail({ LOG_LEVEL: 'verbose' })).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")');
    expect(fail({ METRICS_TOKEN: 'short' })).toContain('METRICS_TOKEN must be at least 16 characters');
  });

  it('in production refuses a bootstrap password that is common, padded or contains the username', () => {
    const env = { NODE_ENV: 'production', DATA_DIR: dataDir(), JWT_SECRET: 'j'.repeat(40), MASTER_KEY: 'm'.repeat(40) };
    for (const weak of ['password1234', 'P@ssw0rd2025!', 'admin-admin-2025']) {
      expect(() => loadConfig({ ...env, BOOTSTRAP_ADMIN_USERNAME: 'admin', BOOTSTRAP_ADMIN_PASSWORD: weak })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD is too weak/);
    }
    expect(loadConfig({ ...env, BOOTSTRAP_ADMIN_PASSWORD: 'Hoa-Sen-No#2025!' }).mfaDefault).toBe('signers-and-admins');
  });

  it('reads TRUSTED_PROXIES and ADMIN_NETWORKS as CIDR lists and refuses entries that are not', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), TRUSTED_PROXIES: '10.0.0.0/8, ::1', ADMIN_NETWORKS: '192.168.5.0/24' });
    expect(c.trustedProxies.contains('10.2.3.4')).toBe(true);
    expect(c.trustedProxies.contains('::ffff:10.2.3.4')).toBe(true);
    expect(c.trustedProxies.contains('::1')).toBe(true);
    expect(c.trustedProxies.contains('11.0.0.1')).toBe(false);
    expect(c.adminNetworks.contains('192.168.5.77')).toBe(true);
    expect(c.mfaDefault).toBe('none');
    expect(() => loadConfig({ DATA_DIR: dataDir(), TRUSTED_PROXIES: '10.0.0.0/33,banana' })).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/33"[\s\S]*"banana"/);
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
