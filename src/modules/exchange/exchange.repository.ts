import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { OutboxService } from '../../common/queue/outbox.service';
import type { EdxmlStatus } from './edxml-port';

export interface MessageRow {
  id: string;
  organization_id: string;
  direction: 'in' | 'out';
  kind: 'document' | 'recall' | 'status';
  message_id: string;
  peer_organ_id: string;
  document_id: string;
  status_code: string | null;
  description: string | null;
  outgoing_document_id: string | null;
  incoming_document_id: string | null;
  state: 'pending' | 'sent' | 'processed' | 'refused';
  attempts: number;
  payload: Record<string, unknown> | null;
}

export interface InboundLink {
  organization_id: string;
  document_id: string;
  incoming_document_id: string;
  sender_organ_id: string;
  sender_name: string | null;
  code_number: string | null;
  code_notation: string | null;
  promulgation_date: string | null;
  recall_state: 'requested' | 'accepted' | 'refused' | null;
  recall_reason: string | null;
}

export interface OrgIdentity {
  id: string;
  code: string;
  name: string;
  place_name: string;
  time_zone: string;
}

/** SQL of the exchange tables; every query takes the organization first. Runs in the caller's transaction. */
@Injectable()
export class ExchangeRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
  ) {}

  rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (!params[0]) throw new Error('exchange query without an organization id');
    return this.txHost.tx.query(sql, params) as Promise<T[]>;
  }

  /** A query across organizations (the gateway's own sweeps); never for a user's request. */
  rows0<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.txHost.tx.query(sql, params) as Promise<T[]>;
  }

  async org(orgId: string): Promise<OrgIdentity> {
    const [o] = await this.rows<OrgIdentity>(`SELECT id, code, name, place_name, time_zone FROM organizations WHERE id = $1`, [orgId]);
    if (!o) throw new Error(`organization ${orgId} not found`);
    return o;
  }

  /** Every agency this deployment hosts (their mã định danh is organizations.code). */
  allOrganizations(): Promise<OrgIdentity[]> {
    return this.txHost.tx.query(`SELECT id, code, name, place_name, time_zone FROM organizations ORDER BY code`) as Promise<OrgIdentity[]>;
  }

  async orgByOrganId(organId: string): Promise<OrgIdentity | null> {
    const [o] = (await this.txHost.tx.query(`SELECT id, code, name, place_name, time_zone FROM organizations WHERE lower(code) = lower($1)`, [organId])) as OrgIdentity[];
    return o ?? null;
  }

  /** One outbound package row and its send job, in the caller's transaction (the outbox). */
  async queueOut(orgId: string, m: { kind: MessageRow['kind']; peerOrganId: string; documentId: string; statusCode?: string | null; description?: string | null;
    outgoingDocumentId?: string | null; incomingDocumentId?: string | null; payload?: unknown }): Promise<string> {
    const id = randomUUID();
    await this.rows(
      `INSERT INTO exchange_messages (id, organization_id, direction, kind, message_id, peer_organ_id, document_id, status_code, description,
         outgoing_document_id, incoming_document_id, state, payload)
       VALUES ($1::uuid, $2, 'out', $3, $1::text, $4, $5, $6, $7, $8, $9, 'pending', $10)`,
      [id, orgId, m.kind, m.peerOrganId, m.documentId, m.statusCode ?? null, m.description ?? null, m.outgoingDocumentId ?? null,
        m.incomingDocumentId ?? null, m.payload === undefined ? null : JSON.stringify(m.payload)]);
    await this.outbox.add(orgId, 'exchange.send', { messageRowId: id });
    return id;
  }

  async message(orgId: string, id: string): Promise<MessageRow | null> {
    const [m] = await this.rows<MessageRow>(`SELECT * FROM exchange_messages WHERE organization_id = $1 AND id = $2`, [orgId, id]);
    return m ?? null;
  }

  /** Records an inbound package by its message id; false when it was already taken in (a duplicate). */
  async recordIn(orgId: string, m: { messageId: string; kind: MessageRow['kind']; peerOrganId: string; documentId: string; state: 'processed' | 'refused';
    statusCode?: string | null; description?: string | null; incomingDocumentId?: string | null; outgoingDocumentId?: string | null }): Promise<boolean> {
    const inserted = await this.rows<{ id: string }>(
      `INSERT INTO exchange_messages (organization_id, direction, kind, message_id, peer_organ_id, document_id, status_code, description,
         incoming_document_id, outgoing_document_id, state)
       VALUES ($1, 'in', $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (organization_id, direction, message_id) DO NOTHING RETURNING id`,
      [orgId, m.kind, m.messageId.slice(0, 200), m.peerOrganId.slice(0, 50), m.documentId.slice(0, 300), m.statusCode ?? null, m.description ?? null,
        m.incomingDocumentId ?? null, m.outgoingDocumentId ?? null, m.state]);
    return inserted.length > 0;
  }

  async seenIn(orgId: string, messageId: string): Promise<boolean> {
    const r = await this.rows(`SELECT 1 FROM exchange_messages WHERE organization_id = $1 AND direction = 'in' AND message_id = $2`, [orgId, messageId]);
    return r.length > 0;
  }

  async linkOfIncoming(orgId: string, incomingDocumentId: string): Promise<InboundLink | null> {
    const [l] = await this.rows<InboundLink>(`SELECT * FROM exchange_inbound_documents WHERE organization_id = $1 AND incoming_document_id = $2`, [orgId, incomingDocumentId]);
    return l ?? null;
  }

  async linkOfDocumentId(orgId: string, documentId: string): Promise<InboundLink | null> {
    const [l] = await this.rows<InboundLink>(`SELECT * FROM exchange_inbound_documents WHERE organization_id = $1 AND document_id = $2`, [orgId, documentId]);
    return l ?? null;
  }

  /** Whether a status with this code was already queued for the incoming document (05 is sent once). */
  async statusQueued(orgId: string, incomingDocumentId: string, code: string): Promise<boolean> {
    const r = await this.rows(`SELECT 1 FROM exchange_messages WHERE organization_id = $1 AND direction = 'out' AND kind = 'status'
        AND incoming_document_id = $2 AND status_code = $3`, [orgId, incomingDocumentId, code]);
    return r.length > 0;
  }

  /** The status package answering an inbound document, addressed to its sender. */
  statusFor(o: OrgIdentity, link: InboundLink, code: EdxmlStatus['statusCode'], description: string, timestamp: string, staff?: string): EdxmlStatus {
    return {
      from: { organId: o.code, organName: o.name },
      to: { organId: link.sender_organ_id, organName: link.sender_name ?? link.sender_organ_id },
      responseFor: {
        organId: link.sender_organ_id,
        code: [link.code_number, link.code_notation].filter(Boolean).join('/'),
        promulgationDate: link.promulgation_date ?? '',
        documentId: link.document_id,
      },
      statusCode: code, description, timestamp,
      ...(staff ? { staffInfo: { staff } } : {}),
    };
  }
}
