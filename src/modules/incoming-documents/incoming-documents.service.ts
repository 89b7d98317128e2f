import { Injectable } from '@nestjs/common';
import { IncomingDeliveryService, InternalDeliveryInput } from './incoming-delivery.service';

export type { InternalDeliveryInput } from './incoming-delivery.service';

/** What other modules may call: delivery of issued outgoing documents inside the deployment. */
@Injectable()
export class IncomingDocumentsService {
  constructor(private readonly delivery: IncomingDeliveryService) {}

  /**
   * Creates a `received` incoming document (channel 'internal', pre-filled, no arrival number) in the recipient
   * organization, addressed to `recipientDepartmentId` or to the office clerks. Runs inside the caller's transaction.
   * Idempotent per (outgoingDocumentId, recipient).
   */
  deliverInternal(input: InternalDeliveryInput): Promise<{ incomingDocumentId: string }> {
    return this.delivery.deliverInternal(input);
  }
}
