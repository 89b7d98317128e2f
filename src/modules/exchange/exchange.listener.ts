import { Injectable } from '@nestjs/common';
import type { WorkflowEvent, WorkflowListener } from '../routing/workflow-events';
import { ExchangeOutboundService } from './exchange-outbound.service';
import { ExchangeStatusService } from './exchange-status.service';

/**
 * The workflow → edXML mapping (DOMAIN §2.4), inside the transaction of each step: issuing sends packages to the
 * external recipients; registering a document that came over the exchange answers 03, the direction 04, the lead
 * line taken in 05 (once), completion 06. Documents that did not come over the exchange are left alone.
 */
@Injectable()
export class ExchangeWorkflowListener implements WorkflowListener {
  constructor(
    private readonly outbound: ExchangeOutboundService,
    private readonly statuses: ExchangeStatusService,
  ) {}

  async handle(e: WorkflowEvent): Promise<void> {
    switch (e.type) {
      case 'outgoing.issued':
        await this.outbound.onIssued(e.organizationId, e.documentId);
        return;
      case 'incoming.registered':
        await this.statuses.queueForIncoming(e.organizationId, e.documentId, '03', { actorUserId: e.actorUserId, once: true });
        return;
      case 'incoming.directed':
        await this.statuses.queueForIncoming(e.organizationId, e.documentId, '04', { actorUserId: e.actorUserId });
        return;
      case 'incoming.line_started':
        if (e.topLevelLead) await this.statuses.queueForIncoming(e.organizationId, e.documentId, '05', { actorUserId: e.actorUserId, once: true });
        return;
      case 'incoming.completed':
        await this.statuses.queueForIncoming(e.organizationId, e.documentId, '06', { actorUserId: e.actorUserId, once: true });
        return;
      default:
        return;
    }
  }
}
