/**
 * How edXML packages leave and enter this deployment. The gateway knows only this interface; which transport runs is
 * configuration (EXCHANGE_TRANSPORT). Delivery is at least once in both directions: a send may be repeated with the
 * same message id (the axis and the receiver deduplicate), and an inbound package stays on the transport until it is
 * acknowledged after it was taken in.
 */
export interface OutboundEnvelope {
  /** Stable across retries: the id of the exchange_messages row. */
  messageId: string;
  from: string;
  to: string;
  kind: 'document' | 'recall' | 'status';
  xml: string;
}

export interface InboundEnvelope {
  /** The sender's message id when the transport carries one, else a transport-specific id. */
  messageId: string;
  /** The agency (mã định danh) the package was addressed to, when the transport knows it. */
  to: string | null;
  xml: string;
  /** Removes the package from the transport (after it was taken in or refused). */
  ack(): Promise<void>;
}

export interface ExchangeTransport {
  readonly name: 'off' | 'folder' | 'http';
  /** Announces this deployment's agencies to the axis (no-op where the transport has no directory). */
  register(agencies: { organId: string; name: string }[]): Promise<void>;
  /** Throws when the package could not be handed over; the caller retries with the same message id. */
  send(envelope: OutboundEnvelope): Promise<void>;
  /** Packages waiting for these agencies. */
  receive(organIds: string[]): Promise<InboundEnvelope[]>;
}

/** A refusal that retrying cannot fix (unknown recipient, bad request): the send job stops and records it. */
export class PermanentTransportError extends Error {
  override readonly name = 'PermanentTransportError';
}

export const EXCHANGE_TRANSPORT = Symbol('EXCHANGE_TRANSPORT');

export class NoTransport implements ExchangeTransport {
  readonly name = 'off' as const;
  async register(): Promise<void> {}
  async send(): Promise<void> {
    throw new Error('EXCHANGE_TRANSPORT=off: packages stay in exchange_messages until a transport is configured');
  }
  async receive(): Promise<InboundEnvelope[]> {
    return [];
  }
}
