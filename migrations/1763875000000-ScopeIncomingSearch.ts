import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search scoped to the caller's organization, with a cheap recheck (issue 6, bench B2).
 *
 * Before: one trigram index over every organization's documents. A ward's search (`organization_id = $1 AND text LIKE
 * '%w1%' AND …`) first collected the matching rows of ALL wards from the trigram index, ANDed that with the ward's rows,
 * then re-evaluated `f_unaccent(lower(…))` on every candidate (≈ 10 µs a row: unaccent is a dictionary lookup per
 * character) — twice, for the page and for the total. At province scale (3 M rows, 60 wards) that was hundreds of ms.
 *
 * Now:
 * - `search_text`: the same unaccented, lower-cased text as a STORED generated column, so the trigram recheck is a plain
 *   `LIKE` on stored text (≈ 0.3 µs) and the expression is computed once per write, as the old index already did.
 * - One GIN index on (organization_id, search_text gin_trgm_ops) (btree_gin gives uuid a GIN operator class): the
 *   organization is a key of the same index, so the scan intersects the ward's posting list with the words' instead of
 *   materialising every ward's matches. It replaces the old expression index (same text, so same matches).
 * - Lines: the inbox's "handed on" probe (`EXISTS child line WHERE parent_line_id = l.id AND status IN (…)`) runs once
 *   per open line; a partial index holding only live child lines keeps that probe on a tiny index instead of one that
 *   also holds every top-level line (parent_line_id NULL).
 * - Extended statistics on lines by (organization, department, status) and (organization, user, status): the columns are
 *   strongly correlated (a clerk's department holds thousands of open lines in one ward), and without them the planner
 *   guessed ~100 open lines for a heavy clerk's 5,000 and probed the "handed on" check once per line; with them it
 *   plans a merge anti join over the few live child lines.
 *
 * Adding a STORED column rewrites incoming_documents once (about a minute per few million rows).
 */
export class ScopeIncomingSearch1763875000000 implements MigrationInterface {
  name = 'ScopeIncomingSearch1763875000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gin;
      ALTER TABLE incoming_documents ADD COLUMN search_text text GENERATED ALWAYS AS (
        f_unaccent(lower(coalesce(summary, '') || ' ' || coalesce(symbol, '') || ' ' || coalesce(issuer_name, '')))) STORED;
      DROP INDEX incoming_documents_search_trgm_idx;
      CREATE INDEX incoming_documents_org_search_idx ON incoming_documents USING gin (organization_id, search_text gin_trgm_ops);
      CREATE INDEX incoming_lines_live_child_idx ON incoming_lines (parent_line_id)
        WHERE parent_line_id IS NOT NULL AND status IN ('pending', 'in_progress', 'completed');
      CREATE STATISTICS incoming_lines_org_dept_status_stats (mcv, dependencies) ON organization_id, department_id, status FROM incoming_lines;
      CREATE STATISTICS incoming_lines_org_user_status_stats (mcv, dependencies) ON organization_id, user_id, status FROM incoming_lines;
    `);
    // Statistics for the new column and the new extended statistics now, not at the next autovacuum.
    await q.query(`ANALYZE incoming_documents; ANALYZE incoming_lines;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP STATISTICS incoming_lines_org_user_status_stats;
      DROP STATISTICS incoming_lines_org_dept_status_stats;
      DROP INDEX incoming_lines_live_child_idx;
      DROP INDEX incoming_documents_org_search_idx;
      CREATE INDEX incoming_documents_search_trgm_idx ON incoming_documents USING gin (
        f_unaccent(lower(coalesce(summary, '') || ' ' || coalesce(symbol, '') || ' ' || coalesce(issuer_name, ''))) gin_trgm_ops);
      ALTER TABLE incoming_documents DROP COLUMN search_text;
    `);
    // Another module may use btree_gin too: drop it only when nothing depends on it.
    await q.query(`
      DO $$ BEGIN
        BEGIN DROP EXTENSION IF EXISTS btree_gin; EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END;
      END $$;
    `);
  }
}
