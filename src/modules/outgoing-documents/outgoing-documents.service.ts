import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import type { Page } from '../../common/pagination/pagination';
import type { StoredFile } from '../files/files.types';
import type { VerificationResult } from '../signing/verification';
import {
  ApproveOutgoingDto, CreateOutgoingDocumentDto, IssueOutgoingDto, ListOutgoingQueryDto, OutgoingDocumentResponseDto,
  ReturnOutgoingDto, SignOutgoingDto, SubmitOutgoingDto, UpdateOutgoingDocumentDto,
} from './dto/outgoing-document.dto';
import { OutgoingCompositionService } from './outgoing-composition.service';
import { OutgoingDraftingService } from './outgoing-drafting.service';
import { OutgoingIssueService } from './outgoing-issue.service';
import { OutgoingQueriesService } from './outgoing-queries.service';
import { OutgoingReviewService } from './outgoing-review.service';
import { OutgoingSigningService } from './outgoing-signing.service';

/**
 * The outgoing-document use cases behind one entry point (the controller and other modules call this). Each use case
 * lives in its own file: drafting, review, signing, issue, queries; SQL in outgoing-documents.repository.ts.
 */
@Injectable()
export class OutgoingDocumentsService {
  constructor(
    private readonly drafting: OutgoingDraftingService,
    private readonly review: OutgoingReviewService,
    private readonly signing: OutgoingSigningService,
    private readonly issuing: OutgoingIssueService,
    private readonly queries: OutgoingQueriesService,
    private readonly composition: OutgoingCompositionService,
  ) {}

  create(actor: Actor, dto: CreateOutgoingDocumentDto, upload: StoredFile | null, source: StoredFile | null = null): Promise<OutgoingDocumentResponseDto> {
    return this.drafting.create(actor, dto, upload, source);
  }

  update(actor: Actor, id: string, dto: UpdateOutgoingDocumentDto): Promise<OutgoingDocumentResponseDto> {
    return this.drafting.update(actor, id, dto);
  }

  assertCanAddFile(actor: Actor, id: string): Promise<void> {
    return this.drafting.assertCanAddFile(actor, id);
  }

  addFile(actor: Actor, id: string, file: StoredFile | null, fileId?: string, source: StoredFile | null = null): Promise<OutgoingDocumentResponseDto> {
    return this.drafting.addFile(actor, id, file, fileId, source);
  }

  sourceFileFor(actor: Actor, id: string, version?: number): Promise<{ file: StoredFile; downloadName: string }> {
    return this.queries.sourceFileFor(actor, id, version);
  }

  submit(actor: Actor, id: string, dto: SubmitOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    return this.review.submit(actor, id, dto);
  }

  approve(actor: Actor, id: string, dto: ApproveOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    return this.review.approve(actor, id, dto);
  }

  return(actor: Actor, id: string, dto: ReturnOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    return this.review.return(actor, id, dto);
  }

  sign(actor: Actor, id: string, dto: SignOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    return this.signing.sign(actor, id, dto);
  }

  issue(actor: Actor, id: string, dto: IssueOutgoingDto): Promise<OutgoingDocumentResponseDto> {
    return this.issuing.issue(actor, id, dto);
  }

  get(actor: Actor, id: string): Promise<OutgoingDocumentResponseDto> {
    return this.queries.get(actor, id);
  }

  list(actor: Actor, q: ListOutgoingQueryDto): Promise<Page<OutgoingDocumentResponseDto>> {
    return this.queries.list(actor, q);
  }

  fileFor(actor: Actor, id: string): Promise<{ file: StoredFile; downloadName: string }> {
    return this.queries.fileFor(actor, id);
  }

  preview(actor: Actor, id: string): Promise<Buffer> {
    return this.composition.preview(actor, id);
  }

  verify(actor: Actor, id: string): Promise<VerificationResult & { storedFileIntact: boolean }> {
    return this.queries.verify(actor, id);
  }
}
