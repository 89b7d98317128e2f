import { Injectable, Logger } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { canonicalJson } from '../audit/audit-hash';
import { AuditService } from '../audit/audit.service';
import { createPadesCms } from '../signing/crypto/cms';
import { SigningKeysService } from '../signing/signing-keys.service';
import { checkpointSignatureProblem } from './checkpoint-signature';
import type { AuditCheckpointDto, AuditVerificationResponseDto, CheckpointSummaryDto } from './dto/audit-report.dto';

interface CheckpointRow {
  id: string;
  chain_key: string;
  seq: string;
  head_hash: string;
  created_at: Date;
  payload: string;
  signature: string;
  certificate_pem: string;
  signer_subject: string;
}

const toDto = (r: CheckpointRow): AuditCheckpointDto => ({
  id: r.id, seq: Number(r.seq), headHash: r.head_hash, createdAt: new Date(r.created_at).toISOString(), payload: r.payload,
  signature: r.signature, certificatePem: r.certificate_pem, signerSubject: r.signer_subject,
});

/**
 * Signed checkpoints of each organization's audit chain: the head (seq, hash) signed with the agency's key, kept in
 * audit_checkpoints and exportable. Even someone holding the database and the audit key cannot rewrite history before
 * a checkpoint without the exported copies disagreeing. docs/AUDIT.md.
 */
@Injectable()
export class AuditCheckpointsService {
  private readonly log = new Logger(AuditCheckpointsService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly keys: SigningKeysService,
    private readonly clock: Clock,
  ) {}

  /**
   * Job 'audit.checkpoint': every organization whose chain moved since its last checkpoint and that has an agency key.
   * An organization without one (nothing issued yet; production before its certificate is imported) is skipped and
   * logged: the job never creates keys.
   */
  async signAll(): Promise<number> {
    const orgs = (await this.txHost.tx.query(
      `SELECT h.chain_key FROM audit_chain_heads h JOIN organizations o ON o.id::text = h.chain_key
        WHERE h.last_seq > coalesce((SELECT max(c.seq) FROM audit_checkpoints c WHERE c.chain_key = h.chain_key), 0)`,
    )) as { chain_key: string }[];
    const withKey = new Set(((await this.txHost.tx.query(
      `SELECT DISTINCT organization_id::text AS id FROM signing_keys WHERE owner_kind = 'agency' AND active`,
    )) as { id: string }[]).map((r) => r.id));
    const missing = orgs.filter((o) => !withKey.has(o.chain_key)).length;
    if (missing) this.log.warn(`audit checkpoints: ${missing} organization(s) without an agency key were not signed`);
    let signed = 0;
    for (const { chain_key } of orgs.filter((o) => withKey.has(o.chain_key))) {
      try {
        if (await this.signHead(chain_key)) signed++;
      } catch (error) {
        // Production without an agency certificate: keep going with the other organizations, say which one failed.
        if (!(error instanceof DomainError)) throw error;
        this.log.warn(`audit checkpoint for ${chain_key} not signed: ${error.message}`);
      }
    }
    return signed;
  }

  /** Signs the current head of one organization's chain; null when there is nothing new to sign. Idempotent. */
  @Transactional()
  async signHead(orgId: string): Promise<AuditCheckpointDto | null> {
    const [head] = (await this.txHost.tx.query(
      `SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_key = $1 FOR SHARE`, [orgId],
    )) as { last_seq: string; last_hash: string }[];
    if (!head || Number(head.last_seq) === 0) return null;
    const seq = Number(head.last_seq);
    const key = await this.keys.keyFor(orgId, { kind: 'agency' });
    const createdAt = this.clock.now().toISOString();
    const payload = canonicalJson({ v: 1, chainKey: orgId, seq, headHash: head.last_hash, createdAt });
    const signature = (await createPadesCms(Buffer.from(payload, 'utf8'), key)).toString('base64');
    const rows = (await this.txHost.tx.query(
      `INSERT INTO audit_checkpoints (chain_key, organization_id, seq, head_hash, created_at, payload, signature, certificate_pem, signer_subject)
       VALUES ($1, $9::uuid, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (chain_key, seq) DO NOTHING RETURNING *`,
      [orgId, seq, head.last_hash, createdAt, payload, signature, key.certificatePem, key.subjectCommonName.slice(0, 300), orgId],
    )) as CheckpointRow[];
    return rows[0] ? toDto(rows[0]) : null;
  }

  async list(actor: Actor): Promise<{ items: AuditCheckpointDto[] }> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'read', 'AuditLog', { organizationId: orgId });
    return { items: (await this.rows(orgId)).map(toDto) };
  }

  async verify(actor: Actor): Promise<AuditVerificationResponseDto> {
    const orgId = actor.orgId as string;
    this.authz.assert(actor, 'read', 'AuditLog', { organizationId: orgId });
    const chain = await this.audit.verify(orgId);
    const checkpoints = await this.checkCheckpoints(orgId);
    return {
      ok: chain.ok && !checkpoints.firstBroken, checkedRows: chain.checkedRows, legacyRows: chain.legacyRows,
      ...(chain.firstBrokenRow ? { firstBrokenRow: chain.firstBrokenRow } : {}), checkpoints,
    };
  }

  private rows(orgId: string): Promise<CheckpointRow[]> {
    return this.txHost.tx.query(`SELECT * FROM audit_checkpoints WHERE chain_key = $1 ORDER BY seq`, [orgId]) as Promise<CheckpointRow[]>;
  }

  private async checkCheckpoints(orgId: string): Promise<CheckpointSummaryDto> {
    const rows = await this.rows(orgId);
    let verified = 0;
    for (const r of rows) {
      const reason = await this.problem(orgId, r);
      if (reason) return { total: rows.length, verified, latest: latest(rows), firstBroken: { id: r.id, seq: Number(r.seq), reason } };
      verified++;
    }
    return { total: rows.length, verified, latest: latest(rows) };
  }

  private async problem(orgId: string, r: CheckpointRow): Promise<string | null> {
    const signed = await checkpointSignatureProblem(r.payload, r.signature, r.certificate_pem);
    if (signed) return signed;
    const expected = canonicalJson({ v: 1, chainKey: orgId, seq: Number(r.seq), headHash: r.head_hash, createdAt: new Date(r.created_at).toISOString() });
    if (expected !== r.payload) return 'checkpoint columns differ from the signed payload';
    const hash = await this.audit.hashAt(orgId, Number(r.seq));
    if (hash === null) return 'the row this checkpoint signed no longer exists';
    return hash === r.head_hash ? null : 'the chain no longer leads to the signed head hash (history rewritten)';
  }
}

function latest(rows: CheckpointRow[]): { seq: number; createdAt: string } | null {
  const last = rows.at(-1);
  return last ? { seq: Number(last.seq), createdAt: new Date(last.created_at).toISOString() } : null;
}
