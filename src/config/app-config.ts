import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkPassword } from '../common/auth/password-policy';
import { CidrList } from '../common/net/cidr';

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
  /** Wall-clock limit for reading one uploaded PDF in the inspection worker (PDF_PARSE_TIMEOUT_MS). */
  pdfParseTimeoutMs: number;
  logLevel: string;
  argon2MemoryKib: number;
  /** Bearer token that GET /metrics requires; unset → /metrics is open (bind it to an internal network). */
  metricsToken: string | null;
  /** Period of the reminder scan; null = the default (15 minutes). */
  reminderScanIntervalSeconds: number | null;
  /** Peers whose X-Forwarded-For is believed (env TRUSTED_PROXIES, CIDR list; empty = none). */
  trustedProxies: CidrList;
  /** Where the system administrator can always sign in from, whatever failures came from elsewhere (env ADMIN_NETWORKS). */
  adminNetworks: CidrList;
  /** Who must use two-factor sign-in when an organization has not chosen (env MFA_DEFAULT: signers-and-admins | none). */
  mfaDefault: 'signers-and-admins' | 'none';
  /** Extra trusted CA certificates (PEM/DER files or folders) besides the shipped roots in assets/trust (TRUST_CERTS). */
  trustCertPaths: string[];
  /** Offline CRL files or folders used for revocation (TRUST_CRLS); without one a signature's revocation is "unknown". */
  trustCrlPaths: string[];
  /** Whether signatures under this deployment's development CA count as trusted (TRUST_DEV_CA; default: not in production). */
  trustDevCa: boolean;
  /** HMAC key of the audit chain (AUDIT_KEY, else derived from MASTER_KEY with HKDF-SHA-256). Never stored in the database. */
  auditKey: Buffer;
  /** SMTP server for e-mail notifications (smtp:// or smtps://, credentials in the URL); null → no e-mail. */
  smtpUrl: string | null;
  /** Sender address of notification e-mails. */
  mailFrom: string;
  /** Where people open the web app; e-mail links are relative paths when unset. */
  publicUrl: string | null;
  /** Exchange between agencies (edXML): the transport and its settings (EXCHANGE_*; docs/EXCHANGE.md). */
  exchange: ExchangeConfig;
}

export interface ExchangeConfig {
  /** off: packages wait in the outbox table; folder: an in/out directory pair; http: an axis endpoint (EXCHANGE_TRANSPORT). */
  transport: 'off' | 'folder' | 'http';
  /** folder transport: the directory holding in/ and out/ (EXCHANGE_FOLDER). */
  folder: string | null;
  /** http transport: the axis base URL (EXCHANGE_AXIS_URL) and its bearer token (EXCHANGE_AXIS_TOKEN). */
  axisUrl: string | null;
  axisToken: string | null;
  /** Quick retries of one HTTP call inside a send, with exponential backoff from EXCHANGE_HTTP_BACKOFF_MS. */
  httpRetries: number;
  httpBackoffMs: number;
  /** How often inbound packages are fetched (EXCHANGE_POLL_INTERVAL_SECONDS, default 30). */
  pollIntervalSeconds: number;
  /** Bearer token the axis presents when it pushes packages to POST /exchange/inbound; unset → push refused. */
  inboundToken: string | null;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A URL variable must parse, use one of the protocols and name a host; the message names the variable. */
function urlVar(env: NodeJS.ProcessEnv, key: string, fallback: string | null, protocols: string[], errors: string[]): string | null {
  const raw = env[key] === undefined || env[key] === '' ? fallback : env[key]!;
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    errors.push(`${key} is not a URL (expected ${protocols[0]}//host:port/…, got "${raw}")`);
    return raw;
  }
  if (!protocols.includes(url.protocol)) errors.push(`${key} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${url.protocol}//")`);
  else if (!url.hostname) errors.push(`${key} has no host (got "${raw}")`);
  return raw;
}


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
  const databaseUrl = urlVar(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/vanthu', ['postgres:', 'postgresql:'], errors)!;
  const redisUrl = urlVar(env, 'REDIS_URL', null, ['redis:', 'rediss:'], errors);
  const smtpUrl = urlVar(env, 'SMTP_URL', null, ['smtp:', 'smtps:'], errors);
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
    else {
      const problems = checkPassword(bootstrapAdminPassword, bootstrapAdminUsername);
      if (problems.length) {
        errors.push(`BOOTSTRAP_ADMIN_PASSWORD is too weak for production (${problems.map((p) => p.code).join(', ')}): at least 12 characters, not a common password, not containing the username`);
      }
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
    pdfParseTimeoutMs: int(env, 'PDF_PARSE_TIMEOUT_MS', 10_000, 500, 300_000, errors),
    logLevel: env.LOG_LEVEL ?? (isProduction ? 'info' : 'info'),
    argon2MemoryKib: int(env, 'ARGON2_MEMORY_KIB', 19456, 1024, 1024 * 1024, errors),
    metricsToken: env.METRICS_TOKEN ? env.METRICS_TOKEN : null,
    reminderScanIntervalSeconds: env.REMINDER_SCAN_INTERVAL_SECONDS ? int(env, 'REMINDER_SCAN_INTERVAL_SECONDS', 900, 1, 86_400, errors) : null,
    trustedProxies: CidrList.parse(env.TRUSTED_PROXIES, 'TRUSTED_PROXIES', errors),
    adminNetworks: CidrList.parse(env.ADMIN_NETWORKS, 'ADMIN_NETWORKS', errors),
    mfaDefault: mfaDefault(env, isProduction, errors),
    ...trustConfig(env, isProduction, errors),
    auditKey: Buffer.alloc(0),
    smtpUrl,
    mailFrom,
    publicUrl,
    exchange: exchangeConfig(env, errors),
  };
  config.auditKey = auditKey(env, config.masterKey, errors);
  if (!LOG_LEVELS.includes(config.logLevel)) errors.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${config.logLevel}")`);
  if (config.metricsToken !== null && config.metricsToken.length < 16) errors.push('METRICS_TOKEN must be at least 16 characters');
  if (errors.length) throw new ConfigError(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  return config;
}

function mfaDefault(env: NodeJS.ProcessEnv, isProduction: boolean, errors: string[]): AppConfig['mfaDefault'] {
  const raw = env.MFA_DEFAULT ?? (isProduction ? 'signers-and-admins' : 'none');
  if (raw !== 'signers-and-admins' && raw !== 'none') {
    errors.push('MFA_DEFAULT must be "signers-and-admins" or "none"');
    return 'none';
  }
  return raw;
}

const pathList = (raw: string | undefined) => (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => resolve(p));

function trustConfig(env: NodeJS.ProcessEnv, isProduction: boolean, errors: string[]) {
  const trustCertPaths = pathList(env.TRUST_CERTS);
  const trustCrlPaths = pathList(env.TRUST_CRLS);
  for (const [key, paths] of [['TRUST_CERTS', trustCertPaths], ['TRUST_CRLS', trustCrlPaths]] as const) {
    for (const p of paths) if (!existsSync(p)) errors.push(`${key}: ${p} does not exist`);
  }
  const devRaw = (env.TRUST_DEV_CA || (isProduction ? 'off' : 'on')).toLowerCase();
  if (!['on', 'off'].includes(devRaw)) errors.push('TRUST_DEV_CA must be "on" or "off"');
  return { trustCertPaths, trustCrlPaths, trustDevCa: devRaw === 'on' };
}

/** AUDIT_KEY (≥ 32 characters) or HKDF-SHA-256 of MASTER_KEY with its own label, so the two keys are never the same bytes. */
function auditKey(env: NodeJS.ProcessEnv, masterKey: string, errors: string[]): Buffer {
  const raw = env.AUDIT_KEY;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) errors.push('AUDIT_KEY must be at least 32 characters');
    return Buffer.from(raw, 'utf8');
  }
  if (!masterKey) return Buffer.alloc(0);
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), Buffer.alloc(0), 'vanthu audit chain v3', 32));
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function exchangeConfig(env: NodeJS.ProcessEnv, errors: string[]): ExchangeConfig {
  const transport = (env.EXCHANGE_TRANSPORT || 'off').toLowerCase();
  if (!['off', 'folder', 'http'].includes(transport)) errors.push('EXCHANGE_TRANSPORT must be "off", "folder" or "http"');
  const folder = env.EXCHANGE_FOLDER ? resolve(env.EXCHANGE_FOLDER) : null;
  if (transport === 'folder' && !folder) errors.push('EXCHANGE_FOLDER is required when EXCHANGE_TRANSPORT=folder');
  const axisUrl = urlVar(env, 'EXCHANGE_AXIS_URL', null, ['http:', 'https:'], errors);
  if (transport === 'http' && !axisUrl) errors.push('EXCHANGE_AXIS_URL is required when EXCHANGE_TRANSPORT=http');
  const inboundToken = env.EXCHANGE_INBOUND_TOKEN || null;
  if (inboundToken !== null && inboundToken.length < 16) errors.push('EXCHANGE_INBOUND_TOKEN must be at least 16 characters');
  return {
    transport: transport as ExchangeConfig['transport'],
    folder,
    axisUrl: axisUrl ? axisUrl.replace(/\/+$/, '') : null,
    axisToken: env.EXCHANGE_AXIS_TOKEN || null,
    httpRetries: int(env, 'EXCHANGE_HTTP_RETRIES', 3, 0, 10, errors),
    httpBackoffMs: int(env, 'EXCHANGE_HTTP_BACKOFF_MS', 500, 10, 60_000, errors),
    pollIntervalSeconds: int(env, 'EXCHANGE_POLL_INTERVAL_SECONDS', 30, 1, 86_400, errors),
    inboundToken,
  };
}
