import { describeStartupError, isTransient } from './startup-error';
import { StandbyServer } from './standby-server';

export interface WaitOptions {
  port: number | null;
  databaseUrl: string;
  log: (line: string) => void;
  isStopping: () => boolean;
  maxDelayMs?: number;
}

/**
 * Runs `attempt` (migrations) until it succeeds. While PostgreSQL is unreachable the process stays up: a standby
 * server answers readiness 503 with the cause (when a port is given) and the attempt is retried with back-off.
 * Errors that waiting cannot fix (bad credentials, bad SQL) are thrown at once.
 */
export async function waitForDatabase<T>(attempt: () => Promise<T>, opts: WaitOptions): Promise<T> {
  let standby: StandbyServer | null = null;
  let delay = 1000;
  let lastCause = '';
  try {
    for (;;) {
      try {
        return await attempt();
      } catch (e) {
        if (!isTransient(e) || opts.isStopping()) throw e;
        const cause = describeStartupError(e, opts.databaseUrl);
        if (cause !== lastCause) opts.log(`${cause} — waiting for it (readiness answers 503 meanwhile)`);
        lastCause = cause;
        if (!standby && opts.port !== null) {
          standby = new StandbyServer();
          await standby.listen(opts.port);
        }
        standby?.setCause(cause);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, opts.maxDelayMs ?? 15_000);
      }
    }
  } finally {
    await standby?.close();
  }
}
