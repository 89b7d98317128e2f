import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection instead of on every call: sent as a named prepared
 * statement (the name is a hash of the text, so one text is one statement on each connection), with the parameters
 * bound each time. For the few big statements that are built per request but whose text depends only on their shape
 * (the worklist's union of a dozen branches): planning that union cost 4–10 ms of PostgreSQL CPU per call, more than
 * running it for most users; the generic plan runs as fast as a custom one there (bench B3/B5, docs/BENCHMARKS.md).
 *
 * Runs in the caller's transaction when there is one (the manager's query runner), else on any pooled connection.
 * Rejects with the driver's error, as `manager.query` does.
 */
export async function preparedQuery<T extends QueryResultRow>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const config = { name: statementName(text), text, values };
  const runner = manager.queryRunner as unknown as { isReleased: boolean; connect(): Promise<PoolClient> } | undefined;
  if (runner && !runner.isReleased) {
    const client = await runner.connect();
    return (await client.query<T>(config)).rows;
  }
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  return (await pool.query<T>(config)).rows;
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
