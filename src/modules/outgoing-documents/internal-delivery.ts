import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { IncomingDeliveryService, InternalDeliveryInput } from '../incoming-documents/incoming-delivery.service';

export type { InternalDeliveryInput };

/**
 * Hands an issued document to its internal recipients through the incoming-documents module (inside the issuing
 * transaction). Resolved lazily so the two modules do not import each other; when the incoming module is not
 * registered, deliveries stay `pending` on the recipient rows (and are reported), nothing is lost.
 */
@Injectable()
export class InternalDelivery {
  private readonly log = new Logger(InternalDelivery.name);
  private service: IncomingDeliveryService | null | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  private resolve(): IncomingDeliveryService | null {
    if (this.service === undefined) {
      try {
        this.service = this.moduleRef.get(IncomingDeliveryService, { strict: false });
      } catch {
        this.service = null;
        this.log.warn('IncomingDeliveryService is not registered: internal recipients stay pending');
      }
    }
    return this.service ?? null;
  }

  get available(): boolean {
    return this.resolve() !== null;
  }

  async deliver(input: InternalDeliveryInput): Promise<{ incomingDocumentId: string } | null> {
    const service = this.resolve();
    return service ? service.deliverInternal(input) : null;
  }
}
