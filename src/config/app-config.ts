import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface AppConfig {
  nodeEnv: string;
  isProduction: boolean;
  port: number;
  databaseUrl: string;
  redisUrl: string | null;
  filesDir: string;
  dataDir: string;
  bootstrapAdminUsername: string;
  bootstrapAdminPassword: string;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  masterKey: string;
  workers: boolean;
  authRateLimitPerMinute: number;
  maxUploadBytes: number;
  logLevel: string;
  argon2MemoryKib: number;
  /** SMTP server for e-mail notifications (smtp:// or smtps://, credentials in the URL); null → no e-mail. */
  smtpUrl: string | null;
  /** Sender address of notification e-mails. */
  mailFrom: string;
  /** Where people open the web app; e-mail links are relative paths when unset. */
  publicUrl: string | null;
}

export class ConfigError extends Error {}

const WEAK_PASSWORDS = new Set(['admin', 'password', 'changeme', 'Admin@123', '12345678', 'vanthu']);

function int(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number, errors: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${key} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

/**
 * Secrets that are unset outside production are generated once and kept under the data directory,
 * so restarts keep sessions and stored keys readable. Production must set them explicitly.
 */
function persistedSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'secrets', name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const errors: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  const isProduction = nodeEnv === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vanthu';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) errors.push('DATABASE_URL must be a postgres:// URL');
  const redisUrl = env.REDIS_URL ? env.REDIS_URL : null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) errors.push('REDIS_URL must be a redis:// URL');
  const smtpUrl = env.SMTP_URL ? env.SMTP_URL : null;
  if (smtpUrl && !/^smtps?:\/\/[^/\s]+/.test(smtpUrl)) errors.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const publicUrl = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null;
  if (publicUrl && !/^https?:\/\/[^/\s]+/.test(publicUrl)) errors.push('PUBLIC_URL must be an http:// or https:// URL');
  const mailFrom = env.MAIL_FROM ?? 'vanthu <no-reply@vanthu.local>';
  if (!/^[^\r\n]*@[^\r\n]*$/.test(mailFrom)) errors.push('MAIL_FROM must be an e-mail address (optionally with a display name)');
  const workersRaw = (env.WORKERS ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(workersRaw)) errors.push('WORKERS must be "on" or "off"');

  const bootstrapAdminUsername = env.BOOTSTRAP_ADMIN_USERNAME ?? 'admin';
  const bootstrapAdminPassword = env.BOOTSTRAP_ADMIN_PASSWORD ?? 'VanThu@2025!';
  const secret = (key: string) => {
    const v = env[key];
    if (v) {
      if (v.length < 32) errors.push(`${key} must be at least 32 characters`);
      return v;
    }
    if (isProduction) {
      errors.push(`${key} is required in production`);
      return '';
    }
    return persistedSecret(dataDir, key.toLowerCase());
  };
  if (isProduction) {
    if (!env.BOOTSTRAP_ADMIN_PASSWORD) errors.push('BOOTSTRAP_ADMIN_PASSWORD is required in production');
    else if (bootstrapAdminPassword.length < 12 || WEAK_PASSWORDS.has(bootstrapAdminPassword)) {
      errors.push('BOOTSTRAP_ADMIN_PASSWORD is too weak for production (at least 12 characters, not a common password)');
    }
  }
  const config: AppConfig = {
    nodeEnv,
    isProduction,
    port: int(env, 'PORT', 3000, 1, 65535, errors),
    databaseUrl,
    redisUrl,
    filesDir: resolve(env.FILES_DIR ?? join(dataDir, 'files')),
    dataDir,
    bootstrapAdminUsername,
    bootstrapAdminPassword,
    jwtSecret: secret('JWT_SECRET'),
    jwtIssuer: env.JWT_ISSUER ?? 'vanthu',
    jwtAudience: env.JWT_AUDIENCE ?? 'vanthu-api',
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 900, errors),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * 24 * 3600, 300, 90 * 24 * 3600, errors),
    masterKey: secret('MASTER_KEY'),
    workers: workersRaw === 'on',
    authRateLimitPerMinute: int(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 30, 1, 1_000_000, errors),
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024, errors),
    logLevel: env.LOG_LEVEL ?? (isProduction ? 'info' : 'info'),
    argon2MemoryKib: int(env, 'ARGON2_MEMORY_KIB', 19456, 1024, 1024 * 1024, errors),
    smtpUrl,
    mailFrom,
    publicUrl,
  };
  if (!/^[a-z]+$/.test(config.logLevel)) errors.push('LOG_LEVEL must be a pino level (fatal, error, warn, info, debug, trace, silent)');
  if (errors.length) throw new ConfigError(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
