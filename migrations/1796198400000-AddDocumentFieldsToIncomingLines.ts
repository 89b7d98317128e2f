import { MigrationInterface, QueryRunner } from 'typeorm';

/** "Số đến 12" for a registered document, else the sender's symbol — the worklist's `reference` (incoming-worklist.sql.ts). */
const REFERENCE = (d: string) => `CASE WHEN ${d}.arrival_number IS NOT NULL THEN 'Số đến ' || ${d}.arrival_number ELSE ${d}.symbol END`;

/**
 * What the worklist needs of a line's document, kept on the line (bench B3): the document's status, urgency, summary and
 * reference. Joining a heavy clerk's 5,129 open lines to their documents on every `/worklist` was half of the statement's
 * time; with these columns the line branches read the lines alone, through partial indexes of the open lines of open
 * documents. Kept right by triggers in the same transaction: a new line copies its document's fields; a change of those
 * fields on the document is copied to its lines. (Use cases lock the document before its lines — incoming-line-actions —
 * so the copy takes line locks in the order everyone else does.)
 */
export class AddDocumentFieldsToIncomingLines1796198400000 implements MigrationInterface {
  name = 'AddDocumentFieldsToIncomingLines1796198400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incoming_lines
        ADD COLUMN doc_status varchar(30),
        ADD COLUMN doc_urgency varchar(20),
        ADD COLUMN doc_summary varchar(1000),
        ADD COLUMN doc_reference varchar(80);
      UPDATE incoming_lines l SET doc_status = d.status, doc_urgency = d.urgency, doc_summary = d.summary, doc_reference = ${REFERENCE('d')}
        FROM incoming_documents d WHERE d.organization_id = l.organization_id AND d.id = l.document_id;
      ALTER TABLE incoming_lines
        ALTER COLUMN doc_status SET NOT NULL, ALTER COLUMN doc_urgency SET NOT NULL, ALTER COLUMN doc_summary SET NOT NULL;

      CREATE FUNCTION vanthu_line_copy_document() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT d.status, d.urgency, d.summary, ${REFERENCE('d')}
          INTO NEW.doc_status, NEW.doc_urgency, NEW.doc_summary, NEW.doc_reference
          FROM incoming_documents d WHERE d.organization_id = NEW.organization_id AND d.id = NEW.document_id;
        RETURN NEW;
      END $$;
      CREATE TRIGGER incoming_lines_copy_document BEFORE INSERT OR UPDATE OF document_id, organization_id ON incoming_lines
        FOR EACH ROW EXECUTE FUNCTION vanthu_line_copy_document();

      CREATE FUNCTION vanthu_document_to_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE incoming_lines SET doc_status = NEW.status, doc_urgency = NEW.urgency, doc_summary = NEW.summary,
               doc_reference = ${REFERENCE('NEW')}
         WHERE organization_id = NEW.organization_id AND document_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER incoming_documents_to_lines AFTER UPDATE ON incoming_documents FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.urgency IS DISTINCT FROM NEW.urgency OR OLD.summary IS DISTINCT FROM NEW.summary
          OR OLD.arrival_number IS DISTINCT FROM NEW.arrival_number OR OLD.symbol IS DISTINCT FROM NEW.symbol)
        EXECUTE FUNCTION vanthu_document_to_lines();

      CREATE INDEX incoming_lines_open_by_dept_idx ON incoming_lines (organization_id, department_id)
        WHERE status IN ('pending', 'in_progress') AND doc_status = 'in_progress';
      CREATE INDEX incoming_lines_open_by_user_idx ON incoming_lines (organization_id, user_id)
        WHERE status IN ('pending', 'in_progress') AND doc_status = 'in_progress';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX incoming_lines_open_by_user_idx;
      DROP INDEX incoming_lines_open_by_dept_idx;
      DROP TRIGGER incoming_documents_to_lines ON incoming_documents;
      DROP FUNCTION vanthu_document_to_lines();
      DROP TRIGGER incoming_lines_copy_document ON incoming_lines;
      DROP FUNCTION vanthu_line_copy_document();
      ALTER TABLE incoming_lines DROP COLUMN doc_reference, DROP COLUMN doc_summary, DROP COLUMN doc_urgency, DROP COLUMN doc_status;
    `);
  }
}
