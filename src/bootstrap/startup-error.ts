import { ConfigError } from '../config/app-config';

interface PgLikeError { code?: string; address?: string; port?: number; hostname?: string; message?: string }

/** Where a URL points, without its password. */
function target(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * One line that names the cause of a start-up failure and the variable to look at — what an operator reads in a
 * service manager's log. The stack is for LOG_LEVEL=debug only.
 */
export function describeStartupError(e: unknown, databaseUrl: string): string {
  if (e instanceof ConfigError) return e.message;
  const err = (e ?? {}) as PgLikeError;
  const where = target(databaseUrl);
  switch (err.code) {
    case 'ECONNREFUSED': return `DATABASE_URL: connection refused at ${where} (is PostgreSQL running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return `DATABASE_URL: host not found (${err.hostname ?? where})`;
    case 'ETIMEDOUT': return `DATABASE_URL: connection timed out at ${where}`;
    case '28P01':
    case '28000': return `DATABASE_URL: PostgreSQL refused the login at ${where} (${err.message ?? 'authentication failed'})`;
    case '3D000': return `DATABASE_URL: the database does not exist and could not be created at ${where}`;
    case '42501': return `DATABASE_URL: permission denied at ${where} (${err.message ?? ''})`;
    default: return `Start-up failed: ${err.message ?? String(e)}`;
  }
}

/** Errors that go away by themselves when a dependency comes back (worth waiting for instead of exiting). */
export function isTransient(e: unknown): boolean {
  const code = (e as PgLikeError)?.code;
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', '57P03', '53300'].includes(code ?? '');
}
