import { Module, OnModuleInit } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegistersModule } from '../registers/registers.module';
import { SigningModule } from '../signing/signing.module';
import { WorklistRegistry } from '../worklist/worklist.registry';
import { InternalDelivery } from './internal-delivery';
import { OutgoingDocumentsController } from './outgoing-documents.controller';
import { OutgoingDocumentsService } from './outgoing-documents.service';
import { OutgoingWorklistSource } from './outgoing-worklist.source';

@Module({
  imports: [FilesModule, RegistersModule, SigningModule, NotificationsModule],
  controllers: [OutgoingDocumentsController],
  providers: [OutgoingDocumentsService, OutgoingWorklistSource, InternalDelivery],
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
