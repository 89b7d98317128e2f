import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DOCUMENT_EVENTS, DocumentEvent } from '../notification-kinds';
import { NotificationsService } from '../notifications.service';
import {
  DEPARTMENT_HOLDERS_SQL, INCOMING_DOCUMENT_FACTS_SQL, INCOMING_LINE_FACTS_SQL, IncomingFacts, LEADERS_SQL, OFFICE_CLERKS_SQL, OUTGOING_FACTS_SQL, OutgoingFacts,
} from './event-queries';

export interface DocumentEventJob {
  orgId: string;
  event: DocumentEvent;
  id: string;
  eventId: string;
}

interface Message {
  recipients: string[];
  title: string;
  body: string;
  entityType: 'IncomingDocument' | 'OutgoingDocument';
  entityId: string;
}

const vnDate = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
const ROLE_LABEL: Record<string, string> = { lead: 'Chủ trì xử lý', coordinate: 'Phối hợp xử lý', inform: 'Để biết' };
const URGENCY_LABEL: Record<string, string> = { flash: 'Hỏa tốc', very_urgent: 'Thượng khẩn', urgent: 'Khẩn' };

/** "văn bản số đến 15 của Sở Nội vụ (123/SNV)" — how a clerk names an incoming document. */
const incomingName = (f: IncomingFacts) =>
  `văn bản${f.arrival_number ? ` số đến ${f.arrival_number}` : ''} của ${f.issuer_name} (${f.symbol}) "${f.summary}"`;

/**
 * Job `notification.event`: turns one committed document event into one in-app notification per person concerned
 * (and, through NotificationsService, its e-mail job). Recipients are read when the job runs; each notification's
 * dedupe key is (event id, user), so a retried or duplicated job writes nothing twice.
 */
@Injectable()
export class NotificationEventsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly notifications: NotificationsService,
  ) {}

  @Transactional()
  async handle(job: DocumentEventJob): Promise<number> {
    if (!(DOCUMENT_EVENTS as readonly string[]).includes(job.event)) throw new Error(`notification.event: unknown event ${job.event}`);
    const m = await this.compose(job);
    if (!m) return 0;
    let written = 0;
    for (const userId of new Set(m.recipients)) {
      const id = await this.notifications.notify(job.orgId, {
        userId, kind: job.event, title: m.title, body: m.body, entityType: m.entityType, entityId: m.entityId,
      }, `event-${job.eventId}-${userId}`);
      if (id) written++;
    }
    return written;
  }

  private async compose(job: DocumentEventJob): Promise<Message | null> {
    if (job.event.startsWith('outgoing.')) {
      const [o] = await this.rows<OutgoingFacts>(OUTGOING_FACTS_SQL, [job.orgId, job.id]);
      return o ? this.outgoing(job.event, o) : null;
    }
    const sql = job.event.startsWith('incoming.line_') ? INCOMING_LINE_FACTS_SQL : INCOMING_DOCUMENT_FACTS_SQL;
    const [f] = await this.rows<IncomingFacts>(sql, [job.orgId, job.id]);
    return f ? this.incoming(job.orgId, job.event, f) : null;
  }

  private async incoming(orgId: string, event: DocumentEvent, f: IncomingFacts): Promise<Message | null> {
    const base = { entityType: 'IncomingDocument' as const, entityId: f.document_id };
    const due = f.deadline ? ` Hạn xử lý: ${vnDate(f.deadline)}.` : '';
    switch (event) {
      case 'incoming.line_assigned':
        return { ...base, recipients: await this.lineHolders(orgId, f.user_id, f.department_id),
          title: `${ROLE_LABEL[f.role as string] ?? 'Xử lý'}: ${f.summary}`,
          body: `${f.actor_name ?? 'Lãnh đạo'} chuyển ${incomingName(f)} để ${(ROLE_LABEL[f.role as string] ?? 'xử lý').toLowerCase()}.${due}`
            + `${f.instruction ? ` Ý kiến: ${f.instruction}` : ''} Hãy tiếp nhận và xử lý.` };
      case 'incoming.delivered':
        return { ...base, recipients: f.scope_department_id ? await this.lineHolders(orgId, null, f.scope_department_id)
          : (await this.rows<{ user_id: string }>(OFFICE_CLERKS_SQL, [orgId])).map((r) => r.user_id),
          title: `Văn bản đến chờ vào sổ: ${f.summary}`,
          body: `${f.issuer_name} gửi ${incomingName(f)} qua hệ thống. Hãy kiểm tra và vào sổ văn bản đến.` };
      case 'incoming.presented':
        return { ...base, recipients: f.submitted_to_user_id ? [f.submitted_to_user_id] : [],
          title: `Trình chỉ đạo: ${f.summary}`,
          body: `${f.actor_name ?? 'Văn thư'} trình ${incomingName(f)} xin ý kiến chỉ đạo.${due} Hãy cho ý kiến chỉ đạo xử lý.` };
      case 'incoming.line_returned': {
        const back = f.parent_line_id ? await this.parentHolders(orgId, f.parent_line_id) : f.assigned_by_user_id ? [f.assigned_by_user_id] : [];
        return { ...base, recipients: back, title: `Bị trả lại: ${f.summary}`,
          body: `${incomingName(f)} bị trả lại. Lý do: ${f.return_reason ?? '(không ghi)'}. Hãy xem lại và chuyển đúng nơi xử lý.` };
      }
      case 'incoming.urgent_registered': {
        const label = URGENCY_LABEL[f.urgency];
        if (f.urgency !== 'flash' && f.urgency !== 'very_urgent') return null;
        return { ...base, recipients: (await this.rows<{ user_id: string }>(LEADERS_SQL, [orgId])).map((r) => r.user_id),
          title: `${label}: ${f.summary}`,
          body: `Vừa vào sổ ${incomingName(f)}, độ khẩn ${label}.${due} Văn thư sẽ trình ngay; lãnh đạo xem và chỉ đạo kịp thời.` };
      }
      default:
        return null;
    }
  }

  private outgoing(event: DocumentEvent, o: OutgoingFacts): Message | null {
    const base = { entityType: 'OutgoingDocument' as const, entityId: o.id };
    const name = `dự thảo "${o.summary}" do ${o.drafter_name} soạn`;
    switch (event) {
      case 'outgoing.review_requested':
        return { ...base, recipients: o.reviewer_id ? [o.reviewer_id] : [], title: `Dự thảo chờ kiểm tra: ${o.summary}`,
          body: `Có ${name} trình bạn kiểm tra. Hãy duyệt để trình ký, hoặc trả lại kèm lý do.` };
      case 'outgoing.signature_requested':
        return { ...base, recipients: o.signer_id ? [o.signer_id] : [], title: `Văn bản chờ ký: ${o.summary}`,
          body: `Văn bản ${name} đã được kiểm tra và trình bạn ký số. Hãy ký, hoặc trả lại kèm lý do.` };
      case 'outgoing.returned':
        return { ...base, recipients: [o.created_by_user_id], title: `Dự thảo bị trả lại: ${o.summary}`,
          body: `Dự thảo "${o.summary}" bị trả lại. Lý do: ${o.return_reason ?? '(không ghi)'}. Hãy sửa và trình lại.` };
      default:
        return null;
    }
  }

  private async lineHolders(orgId: string, userId: string | null, departmentId: string | null): Promise<string[]> {
    if (userId) return [userId];
    if (!departmentId) return [];
    return (await this.rows<{ user_id: string }>(DEPARTMENT_HOLDERS_SQL, [orgId, departmentId])).map((r) => r.user_id);
  }

  private async parentHolders(orgId: string, parentLineId: string): Promise<string[]> {
    const [p] = await this.rows<{ user_id: string | null; department_id: string | null }>(
      `SELECT user_id, department_id FROM incoming_lines WHERE organization_id = $1 AND id = $2`, [orgId, parentLineId]);
    return p ? this.lineHolders(orgId, p.user_id, p.department_id) : [];
  }

  private async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.txHost.tx.query(sql, params)) as T[];
  }
}
