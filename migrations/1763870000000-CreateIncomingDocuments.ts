import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incoming documents (văn bản đến), their routing lines and their history. Other modules (tasks, notifications,
 * reports) read these tables with SQL: the table and column names are a contract.
 */
export class CreateIncomingDocuments1763870000000 implements MigrationInterface {
  name = 'CreateIncomingDocuments1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incoming_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        register_id uuid,
        arrival_number integer CHECK (arrival_number > 0),
        arrival_date date,
        arrival_year integer,
        arrived_at timestamptz,
        channel varchar(20) NOT NULL CHECK (channel IN ('paper', 'electronic', 'email', 'internal')),
        issuer_name varchar(300) NOT NULL,
        issuer_code varchar(50),
        symbol varchar(60) NOT NULL,
        document_type varchar(40) NOT NULL,
        document_date date NOT NULL,
        summary varchar(1000) NOT NULL,
        signer_name varchar(100),
        signer_position varchar(200),
        urgency varchar(20) NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
        confidentiality varchar(20) NOT NULL
          CHECK (confidentiality IN ('normal', 'restricted', 'secret', 'top_secret', 'absolute_secret')),
        page_count integer CHECK (page_count >= 0),
        due_date date,
        note varchar(1000),
        status varchar(30) NOT NULL
          CHECK (status IN ('received', 'registered', 'awaiting_direction', 'in_progress', 'completed', 'returned')),
        file_id uuid,
        -- The unit whose register holds it (or, while only received, to which it is addressed); null = the agency.
        scope_department_id uuid,
        registered_by_user_id uuid REFERENCES users(id),
        registered_at timestamptz,
        submitted_to_user_id uuid REFERENCES users(id),
        submitted_by_user_id uuid REFERENCES users(id),
        directed_by_user_id uuid REFERENCES users(id),
        directed_at timestamptz,
        -- What the "Chuyển:" line of the ĐẾN stamp shows once a leader has directed it.
        direction_text varchar(300),
        allow_duplicate boolean NOT NULL DEFAULT false,
        -- Duplicate detection: issuer and symbol without case or spaces (Decree 30 Phụ lục VI III.1h).
        duplicate_key text GENERATED ALWAYS AS (
          lower(regexp_replace(issuer_name, '\\s+', '', 'g')) || '|' || lower(regexp_replace(symbol, '\\s+', '', 'g'))) STORED,
        source_organization_id uuid,
        source_outgoing_document_id uuid,
        sender_name varchar(300),
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, register_id) REFERENCES registers (organization_id, id),
        FOREIGN KEY (organization_id, scope_department_id) REFERENCES departments (organization_id, id),
        CHECK ((arrival_number IS NULL) = (status = 'received') OR status = 'returned'),
        CHECK ((arrival_number IS NULL) = (register_id IS NULL) AND (arrival_number IS NULL) = (arrival_year IS NULL))
      );
      -- Last guard of gapless numbering: a number is used once per register and year.
      CREATE UNIQUE INDEX incoming_documents_number_uq ON incoming_documents (register_id, arrival_year, arrival_number)
        WHERE arrival_number IS NOT NULL;
      CREATE INDEX incoming_documents_org_arrival_idx ON incoming_documents
        (organization_id, arrival_date DESC NULLS FIRST, arrival_number DESC NULLS FIRST, created_at DESC);
      CREATE INDEX incoming_documents_org_status_idx ON incoming_documents (organization_id, status);
      CREATE INDEX incoming_documents_org_dup_idx ON incoming_documents (organization_id, duplicate_key, document_date);
      CREATE INDEX incoming_documents_org_scope_idx ON incoming_documents (organization_id, scope_department_id);
      -- Delivery from an outgoing document inside the deployment happens once per recipient.
      CREATE UNIQUE INDEX incoming_documents_delivery_uq ON incoming_documents
        (organization_id, source_outgoing_document_id, coalesce(scope_department_id, '00000000-0000-0000-0000-000000000000'))
        WHERE source_outgoing_document_id IS NOT NULL;

      CREATE TABLE incoming_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        document_id uuid NOT NULL,
        parent_line_id uuid REFERENCES incoming_lines(id),
        role varchar(20) NOT NULL CHECK (role IN ('lead', 'coordinate', 'inform')),
        department_id uuid,
        user_id uuid REFERENCES users(id),
        -- Who holds a department line: its clerks, or its head when the department has no clerk (seed 004).
        handled_by varchar(10) CHECK (handled_by IN ('clerks', 'head')),
        status varchar(20) NOT NULL CHECK (status IN ('pending', 'in_progress', 'completed', 'returned')),
        deadline date,
        instruction varchar(2000),
        assigned_by_user_id uuid NOT NULL REFERENCES users(id),
        on_behalf_of_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        received_at timestamptz,
        received_by_user_id uuid REFERENCES users(id),
        completed_at timestamptz,
        completed_by_user_id uuid REFERENCES users(id),
        result text,
        reply_document_id uuid,
        returned_at timestamptz,
        return_reason text,
        FOREIGN KEY (organization_id, document_id) REFERENCES incoming_documents (organization_id, id),
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        CHECK (department_id IS NOT NULL OR user_id IS NOT NULL),
        CHECK ((handled_by IS NULL) = (user_id IS NOT NULL))
      );
      CREATE INDEX incoming_lines_org_doc_idx ON incoming_lines (organization_id, document_id);
      CREATE INDEX incoming_lines_org_dept_idx ON incoming_lines (organization_id, department_id, status);
      CREATE INDEX incoming_lines_org_user_idx ON incoming_lines (organization_id, user_id, status);
      CREATE INDEX incoming_lines_parent_idx ON incoming_lines (parent_line_id);

      CREATE TABLE incoming_document_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        document_id uuid NOT NULL,
        line_id uuid REFERENCES incoming_lines(id),
        action varchar(40) NOT NULL,
        actor_user_id uuid REFERENCES users(id),
        on_behalf_of_user_id uuid REFERENCES users(id),
        note text,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        -- Business time comes from the Clock and may repeat (frozen in tests, same instant in one transaction): seq keeps the order.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        FOREIGN KEY (organization_id, document_id) REFERENCES incoming_documents (organization_id, id)
      );
      CREATE INDEX incoming_document_history_org_doc_idx ON incoming_document_history (organization_id, document_id, seq);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE incoming_document_history;
      DROP TABLE incoming_lines;
      DROP TABLE incoming_documents;
    `);
  }
}
