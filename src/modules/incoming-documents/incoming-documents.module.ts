import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '../../common/idempotency';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegistersModule } from '../registers/registers.module';
import { WorklistRegistry } from '../worklist/worklist.registry';
import { IncomingDeliveryService } from './incoming-delivery.service';
import { IncomingDocument, IncomingDocumentHistory, IncomingLine } from './incoming-document.entity';
import { IncomingDocumentsController } from './incoming-documents.controller';
import { IncomingDocumentsRepository } from './incoming-documents.repository';
import { IncomingRegistrationRepository } from './incoming-registration.repository';
import { IncomingDocumentsService } from './incoming-documents.service';
import { IncomingIntakeService } from './incoming-intake.service';
import { IncomingQueriesService } from './incoming-queries.service';
import { IncomingRegistrationService } from './incoming-registration.service';
import { IncomingWorkflowService } from './incoming-workflow.service';
import { IncomingWorklistSource } from './incoming-worklist.source';
import { IncomingAccess } from './incoming-access.service';
import { IncomingLineActionsService } from './incoming-line-actions.service';

@Module({
  imports: [TypeOrmModule.forFeature([IncomingDocument, IncomingLine, IncomingDocumentHistory]), RegistersModule, FilesModule, IdempotencyModule, NotificationsModule],
  controllers: [IncomingDocumentsController],
  providers: [
    IncomingDocumentsRepository, IncomingRegistrationRepository, IncomingRegistrationService, IncomingQueriesService, IncomingWorkflowService, IncomingDeliveryService,
    IncomingIntakeService, IncomingDocumentsService, IncomingWorklistSource, IncomingAccess, IncomingLineActionsService,
  ],
  exports: [IncomingDocumentsService, IncomingQueriesService],
})
export class IncomingDocumentsModule implements OnModuleInit {
  constructor(
    private readonly worklist: WorklistRegistry,
    private readonly source: IncomingWorklistSource,
  ) {}

  onModuleInit(): void {
    this.worklist.register(this.source);
  }
}
