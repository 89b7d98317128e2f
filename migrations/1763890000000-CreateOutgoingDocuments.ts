import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing documents (văn bản đi): drafts with versioned files, review, signature decision, number reservation and
 * issue; recipients with their delivery state; the workflow history. Once a number is on a document it never changes,
 * and an issued document's signer, file and hash never change (trigger, as the last guard behind the API's 409).
 */
export class CreateOutgoingDocuments1763890000000 implements MigrationInterface {
  name = 'CreateOutgoingDocuments1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outgoing_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        document_type varchar(40) NOT NULL,
        summary text NOT NULL,
        department_id uuid NOT NULL,
        created_by_user_id uuid NOT NULL REFERENCES users(id),
        reviewer_id uuid REFERENCES users(id),
        signer_id uuid REFERENCES users(id),
        status varchar(20) NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'in_review', 'awaiting_signature', 'signed', 'issued')),
        urgency varchar(20) NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
        confidentiality varchar(20) NOT NULL DEFAULT 'normal'
          CHECK (confidentiality IN ('normal', 'restricted', 'secret', 'top_secret', 'absolute_secret')),
        due_date date,
        reply_to_incoming_id uuid,
        draft_file_id uuid,
        draft_version integer NOT NULL DEFAULT 0,
        review_note text,
        return_reason text,
        authority varchar(10),
        signature_block jsonb,
        signed_by_user_id uuid REFERENCES users(id),
        on_behalf_of_user_id uuid REFERENCES users(id),
        delegation_id uuid,
        signed_at timestamptz,
        register_id uuid,
        number integer CHECK (number > 0),
        symbol varchar(60),
        issued_date date,
        number_assigned_at timestamptz,
        issued_at timestamptz,
        issued_by_user_id uuid REFERENCES users(id),
        file_id uuid,
        file_sha256 char(64),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        FOREIGN KEY (organization_id, register_id) REFERENCES registers (organization_id, id),
        FOREIGN KEY (organization_id, draft_file_id) REFERENCES files (organization_id, id),
        FOREIGN KEY (organization_id, file_id) REFERENCES files (organization_id, id),
        UNIQUE (organization_id, id),
        -- Secret documents are metadata only on this networked system (DESIGN 11): issued without a file.
        CHECK (status <> 'issued' OR (number IS NOT NULL AND symbol IS NOT NULL AND issued_date IS NOT NULL
          AND (file_id IS NOT NULL OR confidentiality IN ('secret', 'top_secret', 'absolute_secret'))))
      );
      -- Last guard of gapless numbering: a number appears once per register (a register belongs to one year).
      CREATE UNIQUE INDEX outgoing_documents_number_uq ON outgoing_documents (organization_id, register_id, number) WHERE number IS NOT NULL;
      CREATE INDEX outgoing_documents_status_idx ON outgoing_documents (organization_id, status, status_changed_at);
      CREATE INDEX outgoing_documents_signer_idx ON outgoing_documents (organization_id, signer_id, status);
      CREATE INDEX outgoing_documents_reviewer_idx ON outgoing_documents (organization_id, reviewer_id, status);
      CREATE INDEX outgoing_documents_dept_idx ON outgoing_documents (organization_id, department_id, created_at);
      CREATE INDEX outgoing_documents_issued_idx ON outgoing_documents (organization_id, issued_date, document_type) WHERE status = 'issued';

      CREATE TABLE outgoing_document_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        outgoing_document_id uuid NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        file_id uuid NOT NULL,
        file_name varchar(300),
        uploaded_by_user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, outgoing_document_id) REFERENCES outgoing_documents (organization_id, id),
        FOREIGN KEY (organization_id, file_id) REFERENCES files (organization_id, id),
        UNIQUE (outgoing_document_id, version)
      );
      CREATE INDEX outgoing_document_files_doc_idx ON outgoing_document_files (organization_id, outgoing_document_id);

      CREATE TABLE outgoing_document_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        outgoing_document_id uuid NOT NULL,
        position integer NOT NULL,
        type varchar(20) NOT NULL CHECK (type IN ('department', 'organization', 'external')),
        department_id uuid,
        recipient_organization_id uuid REFERENCES organizations(id),
        name varchar(300),
        code varchar(60),
        delivery_status varchar(30) NOT NULL DEFAULT 'pending'
          CHECK (delivery_status IN ('pending', 'delivered', 'awaiting_exchange')),
        incoming_document_id uuid,
        delivered_at timestamptz,
        FOREIGN KEY (organization_id, outgoing_document_id) REFERENCES outgoing_documents (organization_id, id) ON DELETE CASCADE,
        CHECK ((type = 'department') = (department_id IS NOT NULL)),
        CHECK ((type = 'organization') = (recipient_organization_id IS NOT NULL)),
        CHECK (type <> 'external' OR name IS NOT NULL)
      );
      CREATE INDEX outgoing_document_recipients_doc_idx ON outgoing_document_recipients (organization_id, outgoing_document_id, position);

      CREATE TABLE outgoing_document_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Order of events even when the (frozen or coarse) clock gives several the same instant.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        organization_id uuid NOT NULL,
        outgoing_document_id uuid NOT NULL,
        action varchar(40) NOT NULL,
        actor_user_id uuid NOT NULL REFERENCES users(id),
        on_behalf_of_user_id uuid REFERENCES users(id),
        from_status varchar(20),
        to_status varchar(20),
        note text,
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, outgoing_document_id) REFERENCES outgoing_documents (organization_id, id)
      );
      CREATE INDEX outgoing_document_history_doc_idx ON outgoing_document_history (organization_id, outgoing_document_id, seq);

      CREATE FUNCTION outgoing_documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status = 'issued' THEN
            RAISE EXCEPTION 'outgoing document % is issued and cannot be deleted', OLD.id USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN OLD;
        END IF;
        -- A number once given to a document is kept with it (never changed, never handed to another document).
        IF OLD.number IS NOT NULL AND (NEW.number IS DISTINCT FROM OLD.number OR NEW.symbol IS DISTINCT FROM OLD.symbol
            OR NEW.issued_date IS DISTINCT FROM OLD.issued_date OR NEW.register_id IS DISTINCT FROM OLD.register_id) THEN
          RAISE EXCEPTION 'the number, symbol and date of outgoing document % cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.status = 'issued' AND (NEW.status IS DISTINCT FROM OLD.status
            OR NEW.signer_id IS DISTINCT FROM OLD.signer_id OR NEW.signed_by_user_id IS DISTINCT FROM OLD.signed_by_user_id
            OR NEW.on_behalf_of_user_id IS DISTINCT FROM OLD.on_behalf_of_user_id OR NEW.signature_block IS DISTINCT FROM OLD.signature_block
            OR NEW.file_id IS DISTINCT FROM OLD.file_id OR NEW.file_sha256 IS DISTINCT FROM OLD.file_sha256
            OR NEW.document_type IS DISTINCT FROM OLD.document_type OR NEW.summary IS DISTINCT FROM OLD.summary
            OR NEW.issued_at IS DISTINCT FROM OLD.issued_at) THEN
          RAISE EXCEPTION 'outgoing document % is issued and immutable', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER outgoing_documents_immutable BEFORE UPDATE OR DELETE ON outgoing_documents
        FOR EACH ROW EXECUTE FUNCTION outgoing_documents_guard();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER outgoing_documents_immutable ON outgoing_documents;
      DROP FUNCTION outgoing_documents_guard();
      DROP TABLE outgoing_document_history;
      DROP TABLE outgoing_document_recipients;
      DROP TABLE outgoing_document_files;
      DROP TABLE outgoing_documents;
    `);
  }
}
