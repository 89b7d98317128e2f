import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (jobs caused by a state change, relayed to BullMQ with jobId = outbox.id) and the record of
 * jobs that failed after their last attempt. Infrastructure tables: organization_id is null for deployment-level jobs.
 */
export class CreateJobInfrastructure1763880000000 implements MigrationInterface {
  name = 'CreateJobInfrastructure1763880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid REFERENCES organizations(id),
        job_name varchar(100) NOT NULL,
        payload jsonb NOT NULL,
        delay_ms integer NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      -- The relay reads only unsent rows, oldest first.
      CREATE INDEX outbox_unsent_idx ON outbox (created_at, id) WHERE sent_at IS NULL;
      CREATE INDEX outbox_sent_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;

      CREATE TABLE job_failures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid REFERENCES organizations(id),
        queue varchar(50) NOT NULL,
        job_name varchar(100) NOT NULL,
        job_id varchar(200) NOT NULL,
        payload jsonb NOT NULL,
        error text NOT NULL,
        attempts_made integer NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now(),
        retried_at timestamptz,
        retried_by_user_id uuid REFERENCES users(id),
        retry_job_id varchar(200)
      );
      -- One open failure per job: the 'failed' event may be seen twice, a retried job may fail again later.
      CREATE UNIQUE INDEX job_failures_open_uq ON job_failures (queue, job_id) WHERE retried_at IS NULL;
      CREATE INDEX job_failures_org_idx ON job_failures (organization_id, failed_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_failures; DROP TABLE outbox;`);
  }
}
