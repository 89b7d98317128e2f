import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OutboxService } from '../../../common/queue/outbox.service';
import type { DocumentEvent } from '../notification-kinds';

/**
 * The one call state-changing code makes to have people told about a document: `emit(orgId, event, id)` inside the
 * business transaction writes an outbox row. It commits or rolls back with the change; after commit the
 * `notification.event` job decides who is told and writes the notifications (NotificationEventsService).
 * `id` is the incoming line for `incoming.line_*` events, otherwise the document.
 */
@Injectable()
export class DocumentNotices {
  constructor(private readonly outbox: OutboxService) {}

  async emit(orgId: string, event: DocumentEvent, id: string): Promise<void> {
    // The event id makes each (event, recipient) one notification, whatever the number of job runs.
    await this.outbox.add(orgId, 'notification.event', { event, id, eventId: randomUUID() });
  }
}
