import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a read-only statement as a named prepared statement on the pool (outside TypeORM), named by a hash of its text.
 * The worklist's union is long (a dozen branches with their subqueries): planning it took ≈ 8 ms of PostgreSQL CPU on
 * every call when sent unnamed, as TypeORM does; prepared once per connection, PostgreSQL can reuse a plan (bench B3).
 * The text of a worklist statement depends only on its shape (scope, kind filter, cursor), never on values, so few
 * statements exist per connection.
 */
export async function preparedQuery<T>(ds: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (ds.driver as unknown as { master: PgPool }).master;
  const name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return (await pool.query({ name, text, values })).rows as T[];
}
