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
 * Runs in the caller's transaction when there is one (the manager's query runner), else on a pooled connection. Rejects
 * with the driver's error, as `manager.query` does. Outside a transaction a statement made stale by a migration another
 * replica ran ("cached plan must not change result type", e.g. a column added to a table read with `d.*`) is dropped
 * and prepared again once.
 */
export async function preparedQuery<T extends QueryResultRow>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const name = statementName(text);
  const runner = manager.queryRunner as unknown as { isReleased: boolean; connect(): Promise<PoolClient> } | undefined;
  if (runner && !runner.isReleased) {
    const client = await runner.connect();
    return (await client.query<T>({ name, text, values })).rows;
  }
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      return (await client.query<T>({ name, text, values })).rows;
    } catch (e) {
      if (!isStalePlan(e)) throw e;
      await client.query(`DEALLOCATE "${name}"`);
      forgetStatement(client, name);
      return (await client.query<T>({ name, text, values })).rows;
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

/** node-postgres remembers which names it parsed on a connection; after DEALLOCATE the next call must parse again. */
function forgetStatement(client: PoolClient, name: string): void {
  const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements;
  if (parsed) delete parsed[name];
}

const names = new Map<string, string>();

/** `q_` and 24 characters of the text's SHA-256: PostgreSQL keeps names up to 63 bytes. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (names.size > 1000) names.clear();
    names.set(text, name);
  }
  return name;
}
