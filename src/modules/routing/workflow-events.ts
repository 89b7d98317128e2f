import { Injectable, Logger } from '@nestjs/common';

/**
 * Seams for notifications (issue 10 item 6): the incoming workflow and delivery announce what happened, inside their
 * transaction, so a listener can write its notification and outbox rows atomically with the change. The
 * notifications module registers a listener in its onModuleInit; with none registered these are no-ops.
 */
export type WorkflowEvent =
  /** A new routing line for a department (its current handlers by the fallback order) or for a person. */
  | { type: 'incoming.line_created'; organizationId: string; documentId: string; lineId: string; role: string;
      departmentId: string | null; userId: string | null; recipientUserIds: string[]; actorUserId: string }
  /** A document presented to a leader (or a department head) for direction. */
  | { type: 'incoming.presented'; organizationId: string; documentId: string; toUserId: string; actorUserId: string; urgency: string }
  /** A line was returned (misrouted) — to whoever sent it. */
  | { type: 'incoming.line_returned'; organizationId: string; documentId: string; lineId: string; toUserIds: string[]; actorUserId: string; reason: string }
  /** A Hỏa tốc / Thượng khẩn document was registered: the leaders are told at once. */
  | { type: 'incoming.urgent_registered'; organizationId: string; documentId: string; urgency: string; leaderUserIds: string[]; actorUserId: string }
  /** A document delivered inside the deployment waits for registration by these people. */
  | { type: 'incoming.delivered'; organizationId: string; documentId: string; recipientUserIds: string[]; actorUserId: string };

export interface WorkflowListener {
  handle(event: WorkflowEvent): Promise<void>;
}

/**
 * Deadline seams (due tomorrow / overdue) are queries, not events: every worklist item carries `deadline` and
 * `overdue` for the people holding it (WorklistService.page / inbox), by the same fallback order.
 */
@Injectable()
export class WorkflowEvents {
  private readonly log = new Logger(WorkflowEvents.name);
  private readonly listeners: WorkflowListener[] = [];

  register(listener: WorkflowListener): void {
    this.listeners.push(listener);
  }

  async emit(event: WorkflowEvent): Promise<void> {
    for (const l of this.listeners) await l.handle(event);
    if (!this.listeners.length) this.log.debug?.(`no listener for ${event.type}`);
  }
}
