import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signer's signed copy (Decree 30 order): the signer's PAdES signature is applied at `sign` over the content with
 * the signature block; at issue the number, date and seal are appended as a later revision and the agency signs.
 */
export class AddSignerCopyToOutgoing1796184890087 implements MigrationInterface {
  name = 'AddSignerCopyToOutgoing1796184890087';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outgoing_documents ADD COLUMN signed_file_id uuid`);
    await q.query(`ALTER TABLE outgoing_documents ADD CONSTRAINT outgoing_documents_signed_file_fk
      FOREIGN KEY (organization_id, signed_file_id) REFERENCES files (organization_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outgoing_documents DROP CONSTRAINT outgoing_documents_signed_file_fk`);
    await q.query(`ALTER TABLE outgoing_documents DROP COLUMN signed_file_id`);
  }
}
