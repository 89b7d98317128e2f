import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exchange between agencies (edXML, issue 15): the directory of agencies (mã định danh), every package sent or
 * received (deduplicated by message id), the per-recipient status of issued documents, and the link between an
 * incoming document and the edXML document it came from. Incoming documents gain the status `recalled` (the sender
 * recalled it: before registration it leaves the worklists at once, after registration when the clerk accepts).
 */
export class CreateExchangeGateway1796196985835 implements MigrationInterface {
  name = 'CreateExchangeGateway1796196985835';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exchange_agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        organ_id varchar(50) NOT NULL,
        name varchar(300) NOT NULL,
        parent_name varchar(300),
        address varchar(300),
        email varchar(200),
        phone varchar(50),
        pattern_ok boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, organ_id)
      );

      CREATE TABLE exchange_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        direction varchar(3) NOT NULL CHECK (direction IN ('in', 'out')),
        kind varchar(10) NOT NULL CHECK (kind IN ('document', 'recall', 'status')),
        message_id varchar(200) NOT NULL,
        peer_organ_id varchar(50) NOT NULL,
        document_id varchar(300) NOT NULL,
        status_code varchar(2),
        description text,
        outgoing_document_id uuid,
        incoming_document_id uuid,
        state varchar(20) NOT NULL CHECK (state IN ('pending', 'sent', 'processed', 'refused')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        payload jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (organization_id, direction, message_id)
      );
      CREATE INDEX exchange_messages_outgoing_idx ON exchange_messages (organization_id, outgoing_document_id) WHERE outgoing_document_id IS NOT NULL;

      CREATE TABLE exchange_recipients (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        outgoing_document_id uuid NOT NULL,
        organ_id varchar(50) NOT NULL,
        name varchar(300),
        document_id varchar(300) NOT NULL,
        status varchar(30) NOT NULL,
        status_code varchar(2),
        description text,
        status_at timestamptz NOT NULL DEFAULT now(),
        history jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (organization_id, outgoing_document_id, organ_id),
        FOREIGN KEY (organization_id, outgoing_document_id) REFERENCES outgoing_documents (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX exchange_recipients_doc_idx ON exchange_recipients (organization_id, document_id);

      CREATE TABLE exchange_inbound_documents (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        document_id varchar(300) NOT NULL,
        incoming_document_id uuid NOT NULL,
        sender_organ_id varchar(50) NOT NULL,
        sender_name varchar(300),
        code_number varchar(50),
        code_notation varchar(100),
        promulgation_date varchar(10),
        recall_state varchar(20) CHECK (recall_state IN ('requested', 'accepted', 'refused')),
        recall_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, document_id),
        UNIQUE (organization_id, incoming_document_id)
      );

      ALTER TABLE incoming_documents DROP CONSTRAINT incoming_documents_status_check,
        ADD CONSTRAINT incoming_documents_status_check
          CHECK (status IN ('received', 'registered', 'awaiting_direction', 'in_progress', 'completed', 'returned', 'recalled'));
      ALTER TABLE incoming_documents DROP CONSTRAINT incoming_documents_check,
        ADD CONSTRAINT incoming_documents_check
          CHECK ((arrival_number IS NULL) = (status = 'received') OR status IN ('returned', 'recalled'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE incoming_documents SET status = 'returned' WHERE status = 'recalled';
      ALTER TABLE incoming_documents DROP CONSTRAINT incoming_documents_check,
        ADD CONSTRAINT incoming_documents_check CHECK ((arrival_number IS NULL) = (status = 'received') OR status = 'returned');
      ALTER TABLE incoming_documents DROP CONSTRAINT incoming_documents_status_check,
        ADD CONSTRAINT incoming_documents_status_check
          CHECK (status IN ('received', 'registered', 'awaiting_direction', 'in_progress', 'completed', 'returned'));
      DROP TABLE exchange_inbound_documents;
      DROP TABLE exchange_recipients;
      DROP TABLE exchange_messages;
      DROP TABLE exchange_agencies;
    `);
  }
}
