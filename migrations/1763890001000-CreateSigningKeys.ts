import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing keys (PKCS#12 kept encrypted with MASTER_KEY), the deployment-local development CA (one row, its key
 * encrypted too), and the signature images of people and seal images of agencies.
 */
export class CreateSigningKeys1763890001000 implements MigrationInterface {
  name = 'CreateSigningKeys1763890001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signing_dev_ca (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        certificate_pem text NOT NULL,
        key_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE signing_keys (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        owner_kind varchar(10) NOT NULL CHECK (owner_kind IN ('person', 'agency')),
        user_id uuid REFERENCES users(id),
        source varchar(20) NOT NULL CHECK (source IN ('dev_ca', 'imported')),
        subject_common_name varchar(300) NOT NULL,
        certificate_pem text NOT NULL,
        serial_number varchar(80) NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        p12_encrypted text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((owner_kind = 'person') = (user_id IS NOT NULL))
      );
      -- One key in use per person and one per agency.
      CREATE UNIQUE INDEX signing_keys_active_uq ON signing_keys
        (organization_id, owner_kind, coalesce(user_id, '00000000-0000-0000-0000-000000000000')) WHERE active;

      CREATE TABLE signing_images (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        kind varchar(10) NOT NULL CHECK (kind IN ('signature', 'seal')),
        user_id uuid REFERENCES users(id),
        content bytea NOT NULL,
        sha256 char(64) NOT NULL,
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'signature') = (user_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX signing_images_owner_uq ON signing_images
        (organization_id, kind, coalesce(user_id, '00000000-0000-0000-0000-000000000000'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE signing_images;
      DROP TABLE signing_keys;
      DROP TABLE signing_dev_ca;
    `);
  }
}
