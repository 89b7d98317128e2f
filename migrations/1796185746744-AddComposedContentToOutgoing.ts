import { MigrationInterface, QueryRunner } from 'typeorm';

/** A draft may carry structured content (căn cứ, paragraphs, articles, extra "Nơi nhận" lines) instead of a file. */
export class AddComposedContentToOutgoing1796185746744 implements MigrationInterface {
  name = 'AddComposedContentToOutgoing1796185746744';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outgoing_documents ADD COLUMN content jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outgoing_documents DROP COLUMN content`);
  }
}
