import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search on incoming documents without regard to case or diacritics (đ/Đ included): a trigram index on an immutable
 * unaccent expression, so `ILIKE '%word%'` per word uses the index (DESIGN decision 9, STACK-NOTES "PostgreSQL search").
 */
export class AddIncomingSearch1763870100000 implements MigrationInterface {
  name = 'AddIncomingSearch1763870100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      -- unaccent() is only STABLE (its dictionary could change); this wrapper pins the dictionary so it can be indexed.
      -- translate() keeps đ/Đ → d/D explicit whatever the unaccent rules file says.
      CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $fn$ SELECT translate(public.unaccent('public.unaccent'::regdictionary, $1), 'đĐ', 'dD') $fn$;
      CREATE INDEX incoming_documents_search_trgm_idx ON incoming_documents USING gin (
        f_unaccent(lower(coalesce(summary, '') || ' ' || coalesce(symbol, '') || ' ' || coalesce(issuer_name, ''))) gin_trgm_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX incoming_documents_search_trgm_idx;`);
    // Other modules may index f_unaccent or use the extensions too: drop each only when nothing depends on it.
    await q.query(`
      DO $$ BEGIN
        BEGIN DROP FUNCTION IF EXISTS f_unaccent(text); EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END;
        BEGIN DROP EXTENSION IF EXISTS pg_trgm; EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END;
        BEGIN DROP EXTENSION IF EXISTS unaccent; EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END;
      END $$;
    `);
  }
}
