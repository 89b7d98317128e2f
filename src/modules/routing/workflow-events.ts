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
  | { type: 'incoming.delivered'; organizationId: string; documentId: string; recipientUserIds: string[]; actorUserId: string }
  /** A received document (delivered or arrived over the exchange) got its arrival number (edXML status 03). */
  | { type: 'incoming.registered'; organizationId: string; documentId: string; actorUserId: string }
  /** A leader directed the document: its lines exist now (edXML status 04). */
  | { type: 'incoming.directed'; organizationId: string; documentId: string; actorUserId: string }
  /** A routing line was taken in; `topLevelLead` when it is the document's lead line (edXML status 05). */
  | { type: 'incoming.line_started'; organizationId: string; documentId: string; lineId: string; topLevelLead: boolean; actorUserId: string }
  /** The lead line completed, so the document did (edXML status 06). */
  | { type: 'incoming.completed'; organizationId: string; documentId: string; actorUserId: string }
  /** An outgoing document was issued (external recipients with a mã định danh get an edXML package). */
  | { type: 'outgoing.issued'; organizationId: string; documentId: string; actorUserId: string };

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
