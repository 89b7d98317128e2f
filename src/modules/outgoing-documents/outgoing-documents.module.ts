import { Module, OnModuleInit } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegistersModule } from '../registers/registers.module';
import { SigningModule } from '../signing/signing.module';
import { WorklistRegistry } from '../worklist/worklist.registry';
import { InternalDelivery } from './internal-delivery';
import { OutgoingCompositionService } from './outgoing-composition.service';
import { OutgoingDocumentsController } from './outgoing-documents.controller';
import { OutgoingDocumentsRepository } from './outgoing-documents.repository';
import { OutgoingDocumentsService } from './outgoing-documents.service';
import { OutgoingDraftingService } from './outgoing-drafting.service';
import { OutgoingIssueService } from './outgoing-issue.service';
import { OutgoingQueriesService } from './outgoing-queries.service';
import { OutgoingReviewService } from './outgoing-review.service';
import { OutgoingSigningService } from './outgoing-signing.service';
import { OutgoingWorklistSource } from './outgoing-worklist.source';

@Module({
  imports: [FilesModule, RegistersModule, SigningModule, NotificationsModule],
  controllers: [OutgoingDocumentsController],
  providers: [
    OutgoingDocumentsService, OutgoingDocumentsRepository, OutgoingDraftingService, OutgoingReviewService, OutgoingSigningService,
    OutgoingIssueService, OutgoingQueriesService, OutgoingCompositionService, OutgoingWorklistSource, InternalDelivery,
  ],
  exports: [OutgoingDocumentsService],
})
export class OutgoingDocumentsModule implements OnModuleInit {
  constructor(
    private readonly worklist: WorklistRegistry,
    private readonly source: OutgoingWorklistSource,
  ) {}

  onModuleInit(): void {
    this.worklist.register(this.source);
  }
}
