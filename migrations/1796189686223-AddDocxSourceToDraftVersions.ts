import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft version made from a Word file keeps the original .docx next to the converted PDF: files may now hold a
 * DOCX (content_type limited to PDF and DOCX), and a version points at its source file.
 */
export class AddDocxSourceToDraftVersions1796189686223 implements MigrationInterface {
  name = 'AddDocxSourceToDraftVersions1796189686223';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE files ADD CONSTRAINT files_content_type_check CHECK (content_type IN
        ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'));
      ALTER TABLE outgoing_document_files ADD COLUMN source_file_id uuid,
        ADD CONSTRAINT outgoing_document_files_source_fk FOREIGN KEY (organization_id, source_file_id) REFERENCES files (organization_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outgoing_document_files DROP CONSTRAINT outgoing_document_files_source_fk, DROP COLUMN source_file_id;
      ALTER TABLE files DROP CONSTRAINT files_content_type_check;
    `);
  }
}
