import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection instead of on every call: sent as a named prepared
 * statement (the name is a hash of the text, so one text is one statement on each connection), with the parameters
 * bound each time. For the few big statements that are built per request but whose text depends only on their shape
 * (the worklist's union of a dozen branches, the incoming list): planning the worklist cost 4–10 ms of PostgreSQL CPU
 * per call, more than running it for most users, and its generic plan runs as fast as a custom one (the connections
 * set plan_cache_mode=force_generic_plan, data-source.ts; bench B3/B5, docs/BENCHMARKS.md).
 *
 * Since then also the short statements of the hottest write, registration, and the per-request session check: their
 * planning was a third of PostgreSQL's CPU per registration (pg_stat_statements, bench B1).
 *
 * Runs in the caller's transaction when there is one (the manager's query runner), else on a pooled connection. Rejects
 * with the driver's error, as `manager.query` does. A statement made stale by a migration another replica ran ("cached
 * plan must not change result type", e.g. a column added to a table read with `d.*`) gets a new name: outside a
 * transaction the call is made again at once; inside one the error aborts that transaction (one failed request per
 * process and statement, after a migration) and the next call prepares the new name.
 */
export async function preparedQuery<T extends QueryResultRow>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner as unknown as { isReleased: boolean; connect(): Promise<PoolClient> } | undefined;
  if (runner && !runner.isReleased) {
    const client = await runner.connect();
    try {
      return (await client.query<T>({ name: statementName(text), text, values })).rows;
    } catch (e) {
      // The transaction is aborted and cannot try again; the next call uses a new name on every connection.
      if (isStalePlan(e)) renameStatement(text);
      throw e;
    }
  }
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      return (await client.query<T>({ name: statementName(text), text, values })).rows;
    } catch (e) {
      if (!isStalePlan(e)) throw e;
      renameStatement(text);
      return (await client.query<T>({ name: statementName(text), text, values })).rows;
    }
  } catch (e) {
    // A connection whose protocol state is unknown is not given back to the pool.
    if (!(e as { code?: string }).code) broken = e as Error;
    throw e;
  } finally {
    client.release(broken);
  }
}

/** PostgreSQL 0A000 "cached plan must not change result type": the statement's tables changed shape since it was prepared. */
function isStalePlan(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err.code === '0A000' && /cached plan must not change result type/.test(err.message ?? '');
}

const names = new Map<string, string>();
/** Texts whose statement went stale, with how many times: their names carry the count, so they are new names. */
const renamed = new Map<string, number>();

/** `q_` and 24 characters of the text's SHA-256 (and the rename count): PostgreSQL keeps names up to 63 bytes. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    const generation = renamed.get(text);
    name = `q_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}${generation ? `_${generation}` : ''}`;
    if (names.size > 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * A stale statement is not dropped and re-parsed under its old name (other connections of the pool hold it too, and a
 * transaction cannot issue DEALLOCATE after the error): the text gets a new name, which every connection prepares on
 * first use. The old one stays on those connections, unused, until they close.
 */
function renameStatement(text: string): void {
  renamed.set(text, (renamed.get(text) ?? 0) + 1);
  names.delete(text);
}
