import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks (giao việc): assigned by a leader or a head to a person or a department, with a local-date deadline,
 * coordinators, progress reports, extension requests decided by the assigner, and a full history.
 * source_incoming_id has no foreign key on purpose: incoming_documents belongs to another module and is checked in code.
 */
export class CreateTasks1763882000000 implements MigrationInterface {
  name = 'CreateTasks1763882000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        title varchar(500) NOT NULL,
        description text,
        priority varchar(20) NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent', 'very_urgent', 'flash')),
        status varchar(30) NOT NULL CHECK (status IN ('in_progress', 'completion_reported', 'done')),
        deadline date NOT NULL,
        assigned_by_user_id uuid NOT NULL REFERENCES users(id),
        -- A person (assignee_user_id, with the department they belong to) or a whole department (user null).
        assignee_user_id uuid REFERENCES users(id),
        assignee_department_id uuid,
        parent_task_id uuid REFERENCES tasks(id),
        source_incoming_id uuid,
        progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        completion_report text,
        completion_reported_at timestamptz,
        completed_at timestamptz,
        -- Local date of acceptance (organization time zone): on time when completed_on <= deadline.
        completed_on date,
        extension_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, assignee_department_id) REFERENCES departments (organization_id, id),
        CHECK (assignee_user_id IS NOT NULL OR assignee_department_id IS NOT NULL),
        CHECK ((status = 'done') = (completed_at IS NOT NULL))
      );
      CREATE INDEX tasks_assignee_user_idx ON tasks (organization_id, assignee_user_id, status, deadline);
      CREATE INDEX tasks_assignee_dept_idx ON tasks (organization_id, assignee_department_id, status, deadline);
      CREATE INDEX tasks_assigner_idx ON tasks (organization_id, assigned_by_user_id, status);
      CREATE INDEX tasks_created_idx ON tasks (organization_id, created_at);
      CREATE INDEX tasks_completed_idx ON tasks (organization_id, completed_at) WHERE completed_at IS NOT NULL;
      CREATE INDEX tasks_open_deadline_idx ON tasks (organization_id, deadline) WHERE status <> 'done';
      CREATE INDEX tasks_parent_idx ON tasks (organization_id, parent_task_id) WHERE parent_task_id IS NOT NULL;

      CREATE TABLE task_coordinators (
        organization_id uuid NOT NULL,
        task_id uuid NOT NULL,
        user_id uuid REFERENCES users(id),
        department_id uuid,
        FOREIGN KEY (organization_id, task_id) REFERENCES tasks (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, department_id) REFERENCES departments (organization_id, id),
        CHECK ((user_id IS NULL) <> (department_id IS NULL))
      );
      CREATE UNIQUE INDEX task_coordinators_uq ON task_coordinators (organization_id, task_id, coalesce(user_id, department_id));
      CREATE INDEX task_coordinators_user_idx ON task_coordinators (organization_id, user_id) WHERE user_id IS NOT NULL;

      CREATE TABLE task_progress (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY, -- insertion order (several rows may share one frozen instant)
        organization_id uuid NOT NULL,
        task_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        percent integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
        note text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, task_id) REFERENCES tasks (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX task_progress_task_idx ON task_progress (organization_id, task_id, created_at);

      CREATE TABLE task_extension_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY, -- insertion order (several rows may share one frozen instant)
        organization_id uuid NOT NULL,
        task_id uuid NOT NULL,
        requested_by_user_id uuid NOT NULL REFERENCES users(id),
        current_deadline date NOT NULL,
        new_deadline date NOT NULL,
        reason text NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by_user_id uuid REFERENCES users(id),
        decided_at timestamptz,
        decision_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, task_id) REFERENCES tasks (organization_id, id) ON DELETE CASCADE
      );
      -- At most one request waiting for a decision per task.
      CREATE UNIQUE INDEX task_extension_pending_uq ON task_extension_requests (organization_id, task_id) WHERE status = 'pending';

      CREATE TABLE task_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY, -- insertion order (several rows may share one frozen instant)
        organization_id uuid NOT NULL,
        task_id uuid NOT NULL,
        actor_user_id uuid NOT NULL REFERENCES users(id),
        action varchar(50) NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, task_id) REFERENCES tasks (organization_id, id) ON DELETE CASCADE
      );
      CREATE INDEX task_events_task_idx ON task_events (organization_id, task_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE task_events;
      DROP TABLE task_extension_requests;
      DROP TABLE task_progress;
      DROP TABLE task_coordinators;
      DROP TABLE tasks;
    `);
  }
}
