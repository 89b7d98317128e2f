import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { JobQueues } from '../../../common/queue/job-queues';
import { localDate } from '../../../common/time/local-date';
import { NotificationsService } from '../notifications.service';
import {
  DELEGATION_FOR_REMINDER_SQL, DEPARTMENT_LEADS_SQL, DUE_DELEGATIONS_SQL, DUE_INCOMING_DOCUMENTS_SQL, DUE_INCOMING_LINES_SQL,
  DUE_OUTGOING_DOCUMENTS_SQL, DUE_TASKS_SQL, DueItem, INCOMING_DOCUMENT_FOR_REMINDER_SQL, INCOMING_LINE_FOR_REMINDER_SQL,
  INCOMING_LINES_EXIST_SQL, OUTGOING_DOCUMENT_FOR_REMINDER_SQL, ReminderEntity, ReminderKind, TASK_FOR_REMINDER_SQL,
} from './reminder.queries';

/** Per kind of item: how it is found due, re-read when sent, named in the text, and shown (entity type). */
const ENTITIES: Record<ReminderEntity, { due: string; item: string; noun: string; entityType: string }> = {
  task: { due: DUE_TASKS_SQL, item: TASK_FOR_REMINDER_SQL, noun: 'Nhiệm vụ', entityType: 'Task' },
  incoming_line: { due: DUE_INCOMING_LINES_SQL, item: INCOMING_LINE_FOR_REMINDER_SQL, noun: 'Văn bản đến', entityType: 'IncomingDocument' },
  incoming_document: { due: DUE_INCOMING_DOCUMENTS_SQL, item: INCOMING_DOCUMENT_FOR_REMINDER_SQL, noun: 'Văn bản đến', entityType: 'IncomingDocument' },
  outgoing_document: { due: DUE_OUTGOING_DOCUMENTS_SQL, item: OUTGOING_DOCUMENT_FOR_REMINDER_SQL, noun: 'Văn bản đi', entityType: 'OutgoingDocument' },
  delegation: { due: DUE_DELEGATIONS_SQL, item: DELEGATION_FOR_REMINDER_SQL, noun: 'Ủy quyền', entityType: 'Delegation' },
};

/** Days before the deadline when the "due soon" reminder goes out. */
export const REMINDER_LEAD_DAYS = 2;

export interface ReminderJob {
  orgId: string;
  entityType: ReminderEntity;
  entityId: string;
  kind: ReminderKind;
  day: string;
}

/** Test seam: lets a test observe (and slow down) a reminder between its writes and its commit. */
export const REMINDER_HOOKS = Symbol('REMINDER_HOOKS');
export interface ReminderHooks {
  beforeCommit?(job: ReminderJob): Promise<void>;
}

interface ItemRow {
  id: string;
  title: string;
  deadline: string;
  status: string;
  assignee_user_id: string | null;
  assignee_department_id: string | null;
  assigned_by_user_id: string | null;
  open: boolean;
  /** The task, document or delegation the notification links to. */
  entity_id: string;
  valid_to?: string;
}

/** Deterministic id of one reminder job (BullMQ forbids ':' in ids). */
export const reminderJobId = (r: Omit<ReminderJob, 'orgId'>) => `reminder-${r.entityType}-${r.entityId}-${r.kind}-${r.day}`;

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * Deadline reminders. The scan (a scheduled job) finds what needs a reminder at an instant and enqueues one job per
 * (item, kind, day) with a deterministic id; each job writes its reminders_sent row and the notifications in one
 * transaction. The row's primary key makes each reminder happen once, whatever the number of workers, a worker killed
 * mid-job (its transaction rolls back, the job runs again elsewhere) or a backend restart (the job is re-added).
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly notifications: NotificationsService,
    private readonly queues: JobQueues,
    @Inject(REMINDER_HOOKS) private readonly hooks: ReminderHooks,
  ) {}

  /** What needs a reminder at `at`, per organization (its own time zone decides "today"). */
  async due(at: Date): Promise<ReminderJob[]> {
    const em = this.txHost.tx;
    const orgs = (await em.query(`SELECT id, time_zone FROM organizations ORDER BY id`)) as { id: string; time_zone: string }[];
    const [{ exists: linesExist }] = (await em.query(INCOMING_LINES_EXIST_SQL)) as { exists: boolean }[];
    const out: ReminderJob[] = [];
    for (const org of orgs) {
      const today = localDate(at, org.time_zone);
      const sources = (Object.keys(ENTITIES) as ReminderEntity[]).filter((e) => e === 'task' || e === 'delegation' || linesExist);
      for (const entityType of sources) {
        const rows = (await em.query(ENTITIES[entityType].due, [org.id, today, REMINDER_LEAD_DAYS])) as DueItem[];
        for (const r of rows) out.push({ orgId: org.id, entityType, entityId: r.id, kind: r.kind, day: r.day });
      }
    }
    return out;
  }

  /** Job 'reminder.scan': enqueue one 'reminder.send' per due reminder (same id → one job). */
  async scan(at: Date): Promise<number> {
    const due = await this.due(at);
    if (due.length) {
      await this.queues.queueOf('reminder.send').addBulk(due.map((r) => ({
        name: 'reminder.send', data: { v: 1 as const, ...r }, opts: { jobId: reminderJobId(r) },
      })));
    }
    this.logger.log(`Reminder scan at ${at.toISOString()}: ${due.length} due`);
    return due.length;
  }

  /** Job 'reminder.send'. Idempotent: returns 'duplicate' when this reminder was already sent, 'skipped' when moot. */
  @Transactional()
  async send(r: ReminderJob): Promise<'sent' | 'duplicate' | 'skipped'> {
    const em = this.txHost.tx;
    const spec = ENTITIES[r.entityType];
    if (!spec) throw new Error(`reminder.send: unknown entity type ${r.entityType}`);
    const [item] = (await em.query(spec.item, [r.orgId, r.entityId])) as ItemRow[];
    // The handler re-loads the record: done, or the deadline moved since the scan → nothing to say.
    if (!item || !item.open) return 'skipped';
    const stillApplies = r.kind === 'overdue' ? item.deadline < r.day : item.deadline === r.day;
    if (!stillApplies) return 'skipped';
    // INSERT … RETURNING gives rows; a concurrent worker's uncommitted claim makes this wait, then conflict (or win).
    const [claimed] = (await em.query(
      `INSERT INTO reminders_sent (organization_id, entity_type, entity_id, kind, day, job_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING entity_id`,
      [r.orgId, r.entityType, r.entityId, r.kind, r.day, reminderJobId(r)],
    )) as unknown[];
    if (!claimed) return 'duplicate';
    const recipients = new Set<string>();
    if (item.assignee_user_id) recipients.add(item.assignee_user_id);
    else if (item.assignee_department_id) {
      for (const row of (await em.query(DEPARTMENT_LEADS_SQL, [r.orgId, item.assignee_department_id])) as { user_id: string }[]) recipients.add(row.user_id);
    }
    if (r.kind === 'overdue' && item.assigned_by_user_id) recipients.add(item.assigned_by_user_id);
    const { title, body } = this.text(r, item);
    for (const userId of recipients) {
      await this.notifications.notify(r.orgId, {
        userId, kind: r.kind === 'starts' ? 'delegation.starting' : `reminder.${r.kind}`, title, body, entityType: spec.entityType, entityId: item.entity_id,
      }, `${reminderJobId(r)}-${userId}`);
    }
    await this.hooks.beforeCommit?.(r);
    return 'sent';
  }

  private text(r: ReminderJob, item: ItemRow): { title: string; body: string } {
    const what = ENTITIES[r.entityType].noun;
    const deadline = vnDate(item.deadline);
    if (r.kind === 'starts') {
      const period = `${deadline} – ${vnDate(item.valid_to ?? item.deadline)}`;
      return { title: `Nhận ủy quyền từ hôm nay: ${item.title} (${period})`,
        body: `Từ ${period}, bạn được ${item.title} ủy quyền. Văn bản trình ${item.title} ký sẽ hiện trong danh sách việc của bạn; khi ký, chọn ký thay theo ủy quyền.` };
    }
    if (r.kind === 'due_soon') return { title: `Sắp đến hạn ${deadline}: ${item.title}`, body: `${what} "${item.title}" có hạn xử lý ngày ${deadline}.` };
    if (r.kind === 'due_today') return { title: `Hôm nay đến hạn: ${item.title}`, body: `${what} "${item.title}" đến hạn xử lý hôm nay (${deadline}).` };
    const days = Math.round((Date.parse(r.day) - Date.parse(item.deadline)) / 86_400_000);
    return { title: `Quá hạn ${days} ngày: ${item.title}`, body: `${what} "${item.title}" đã quá hạn xử lý (hạn ${deadline}).` };
  }
}
