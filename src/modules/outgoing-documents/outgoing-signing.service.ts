import { Inject, Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type { Actor } from '../../common/auth/actor';
import { AuthzService } from '../../common/authz/authz.service';
import { DomainError, invalidState } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { AuditService } from '../audit/audit.service';
import { documentType } from '../catalogs/document-types';
import { FilesService } from '../files/files.service';
import { formatVnDate } from '../files/pdf/decree30-format';
import type { StoredFile } from '../files/files.types';
import { PdfWorkPool } from '../signing/pdf-work/pdf-work-pool';
import { SIGNATURE_PROVIDER, SignatureProvider } from '../signing/signature-provider';
import { SigningKeysService } from '../signing/signing-keys.service';
import {
  authorityWords, buildSignatureBlock, collectiveBodyName, delegationFor, describeAllowed, rolesOf, rulesFor, SignatureBlockData, typeCovered,
} from '../signing/signing-authority';
import { OutgoingDocumentResponseDto, SignOutgoingDto } from './dto/outgoing-document.dto';
import { immutable, OrgRow, OutgoingDocumentsRepository } from './outgoing-documents.repository';
import { OutgoingCompositionService } from './outgoing-composition.service';
import { OutgoingQueriesService } from './outgoing-queries.service';
import { isStateSecret, OutgoingRow, outgoingSubject } from './outgoing-record';

/** Signing by the designated signer (TM., KT., TL., Q., direct) or under a delegation (TUQ.). */
@Injectable()
export class OutgoingSigningService {
  constructor(
    private readonly repo: OutgoingDocumentsRepository,
    private readonly authz: AuthzService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly queries: OutgoingQueriesService,
    private readonly files: FilesService,
    private readonly keys: SigningKeysService,
    private readonly pdfWork: PdfWorkPool,
    @Inject(SIGNATURE_PROVIDER) private readonly signatures: SignatureProvider,
    private readonly composition: OutgoingCompositionService,
  ) {}

  @Transactional()
  async sign(actor: Actor, id: string, dto: SignOutgoingDto): Promise<OutgoingDocumentResponseDto & { notice?: string }> {
    const orgId = actor.orgId as string;
    const row = await this.readableForSigning(actor, id);
    if (row.status === 'issued') throw immutable();
    const onBehalfOf = dto.onBehalfOfUserId && dto.onBehalfOfUserId !== actor.userId ? dto.onBehalfOfUserId : null;
    const subject = { ...outgoingSubject(row), authority: dto.authority, onBehalfOfUserId: onBehalfOf };
    if (!this.authz.can(actor, 'sign', 'OutgoingDocument', subject)) {
      throw new DomainError('SIGNING_NOT_ALLOWED', await this.signingRefusal(actor, row, dto.authority, onBehalfOf), [
        { documentType: row.document_type, authority: dto.authority, onBehalfOfUserId: onBehalfOf },
      ]);
    }
    // The reviewer's approval comes first: nobody signs a draft that has not been checked (DOMAIN §1.5).
    if (row.status !== 'awaiting_signature') {
      throw invalidState(row.status === 'signed' ? 'Văn bản đã được ký.' : 'Văn bản chưa được duyệt: chỉ ký được sau khi người kiểm tra duyệt.');
    }
    const o = await this.repo.org(orgId);
    const delegation = onBehalfOf ? delegationFor(actor.delegations, onBehalfOf, row.document_type) : null;
    const block = buildSignatureBlock(dto.authority, { fullName: actor.fullName, positionTitle: actor.positionTitle, roles: rolesOf(actor.roles) },
      collectiveBodyName(o.name, o.short_name),
      delegation ? { fullName: delegation.fromFullName, positionTitle: delegation.fromPositionTitle, roles: delegation.fromRoles } : null);
    const now = this.clock.now();
    const signedCopy = await this.signedCopy(actor, row, block, o, now);
    await this.repo.transition(orgId, id, ['awaiting_signature'], 'signed', {
      authority: dto.authority, signature_block: JSON.stringify(block), signed_by_user_id: actor.userId, on_behalf_of_user_id: onBehalfOf,
      delegation_id: delegation?.id ?? null, signed_at: now, signed_file_id: signedCopy?.id ?? null,
    });
    const data = { authority: dto.authority, signatureBlock: block, delegationId: delegation?.id ?? null,
      principalName: delegation?.fromFullName ?? null };
    await this.repo.history(orgId, id, 'signed', actor, { from: 'awaiting_signature', to: 'signed', onBehalfOfUserId: onBehalfOf, data });
    await this.audit.append({ organizationId: orgId, actorUserId: actor.userId, onBehalfOfUserId: onBehalfOf, action: 'outgoing.signed',
      entityType: 'OutgoingDocument', entityId: id, data });
    const notice = dto.authority === 'TM' && block.lines.some((l) => l.startsWith('KT.'))
      ? `Bạn ký thay mặt tập thể với tư cách cấp phó: khối chữ ký được in là "${block.lines.join(' / ')}".` : undefined;
    return { ...(await this.queries.get(actor, id)), ...(notice ? { notice } : {}) };
  }

  /**
   * The document, readable by the caller; a delegate whose delegation has not started yet cannot read it, and is told
   * why (403 with the dates) instead of a bare 404.
   */
  private async readableForSigning(actor: Actor, id: string): Promise<OutgoingRow> {
    try {
      return await this.repo.loadReadable(actor, id, true);
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code as string) !== 'NOT_FOUND') throw e;
      const row = await this.repo.load(actor.orgId as string, id);
      if (!row?.signer_id) throw e;
      const [d] = await this.repo.rows<{ valid_from: string; valid_to: string; full_name: string }>(
        `SELECT g.valid_from::text AS valid_from, g.valid_to::text AS valid_to, f.full_name FROM delegations g JOIN users f ON f.id = g.from_user_id
          WHERE g.organization_id = $1 AND g.from_user_id = $2 AND g.to_user_id = $3 AND g.revoked_at IS NULL AND g.valid_from > $4
          ORDER BY g.valid_from LIMIT 1`, [row.organization_id, row.signer_id, actor.userId, localDate(this.clock.now(), actor.timeZone)]);
      if (!d) throw e;
      throw new DomainError('SIGNING_NOT_ALLOWED',
        `Ủy quyền của ${d.full_name} cho bạn có hiệu lực từ ngày ${formatVnDate(d.valid_from)} đến ngày ${formatVnDate(d.valid_to)}; trước ngày bắt đầu bạn chưa được ký thay.`,
        [{ reason: 'delegation_not_started', validFrom: d.valid_from }]);
    }
  }

  /**
   * Decree 30 order: the signer signs the content with the signature block and their image in it, now, with their own
   * certificate. The number and date are added at issue in a later revision, which this signature does not cover.
   */
  private async signedCopy(actor: Actor, row: OutgoingRow, block: SignatureBlockData, o: OrgRow, now: Date): Promise<StoredFile | null> {
    if (isStateSecret(row.confidentiality) || (!row.draft_file_id && !row.content)) return null;
    const orgId = row.organization_id;
    // Sequential: this runs in the signing transaction, on one pg client.
    const { pdf: draft, placement } = await this.composition.prepared(row);
    const signatureImage = await this.keys.signatureImage(orgId, actor.userId);
    const copy = await this.pdfWork.signerCopy(draft, { signatureBlock: block, signatureImage, placement });
    const signed = await this.signatures.sign({
      orgId, signer: { kind: 'person', userId: actor.userId }, pdf: copy, name: block.name, location: o.place_name,
      reason: `${block.lines.join(' / ')} ký ${documentType(row.document_type).name.toLocaleLowerCase('vi')}: ${row.summary}`.slice(0, 500), signingTime: now,
    });
    const draftFile = row.draft_file_id ? await this.files.findById(orgId, row.draft_file_id) : null;
    return this.files.storeBuffer(orgId, signed, `ban-ky-${row.id}.pdf`, actor.userId, draftFile ? { pageCount: draftFile.pageCount } : undefined);
  }

  /** Says what the working rules (or the delegation) allow, so the refusal tells the user what is possible. */
  private async signingRefusal(actor: Actor, row: OutgoingRow, authority: string, onBehalfOf: string | null): Promise<string> {
    const typeName = documentType(row.document_type).name;
    const nameOf = async (userId: string | null) => {
      if (!userId) return 'chưa chọn';
      const [u] = await this.repo.rows<{ full_name: string }>(`SELECT full_name FROM users WHERE organization_id = $1 AND id = $2`, [row.organization_id, userId]);
      return u?.full_name ?? 'người khác';
    };
    if (onBehalfOf) {
      const principalName = await nameOf(onBehalfOf);
      if (row.signer_id !== onBehalfOf) {
        return `Văn bản này trình ${await nameOf(row.signer_id)} ký, không phải ${principalName}; ủy quyền của ${principalName} không áp dụng cho văn bản này.`;
      }
      const fromPrincipal = actor.delegations.filter((d) => d.fromUserId === onBehalfOf);
      if (!fromPrincipal.length) return `Bạn không có ủy quyền còn hiệu lực của ${principalName} (ủy quyền đã hết hạn, bị thu hồi hoặc chưa bắt đầu).`;
      const d = delegationFor(fromPrincipal, onBehalfOf, row.document_type);
      if (!d) {
        const types = fromPrincipal.flatMap((x) => x.documentTypes ?? []).map((t) => documentType(t).name);
        return `Ủy quyền của ${principalName} cho bạn chỉ gồm các loại: ${[...new Set(types)].join(', ')}; không gồm ${typeName}.`;
      }
      const principalRules = rulesFor(d.fromRoles, actor.signingRules);
      if (!principalRules.some((r) => typeCovered(r.documentTypes, row.document_type))) {
        return `${describeAllowed(d.fromRoles, actor.signingRules, principalName)} Vì vậy không thể ủy quyền ký ${typeName}.`;
      }
      return `Khi ký theo ủy quyền của ${principalName}, hình thức ký là ${authorityWords('TUQ')}, không phải "${authority}".`;
    }
    if (row.signer_id !== actor.userId) {
      return `Văn bản này trình ${await nameOf(row.signer_id)} ký; bạn không phải người ký được chỉ định.`
        + (actor.delegations.some((d) => d.fromUserId === row.signer_id) ? ' Nếu ký theo ủy quyền, hãy gửi onBehalfOfUserId.' : '');
    }
    const allowed = describeAllowed(rolesOf(actor.roles), actor.signingRules);
    return `${allowed} Không được ký ${typeName} với hình thức ${authorityWords(authority as never)}.`;
  }

}
