import { Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FilesModule } from '../files/files.module';
import { IncomingDocumentsModule } from '../incoming-documents/incoming-documents.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorkflowEvents } from '../routing/workflow-events';
import { SigningModule } from '../signing/signing.module';
import { ExchangeAgenciesService } from './exchange-agencies.service';
import { ExchangeController, ExchangeIncomingController, ExchangeOutgoingController } from './exchange.controller';
import { ExchangeInboundService } from './exchange-inbound.service';
import { ExchangeWorkflowListener } from './exchange.listener';
import { ExchangeOutboundService } from './exchange-outbound.service';
import { ExchangePollService } from './exchange-poll.service';
import { ExchangeProcessor } from './exchange.processor';
import { ExchangeRecallService } from './exchange-recall.service';
import { ExchangeRepository } from './exchange.repository';
import { ExchangeStatusService } from './exchange-status.service';
import { IncomingReturnService } from './incoming-return.service';
import { OutgoingRecallService } from './outgoing-recall.service';
import { RecallDecisionService } from './recall-decision.service';
import { FolderTransport } from './transports/folder-transport';
import { HttpTransport } from './transports/http-transport';
import { EXCHANGE_TRANSPORT, ExchangeTransport, NoTransport } from './transports/transport';

export function createTransport(config: AppConfig): ExchangeTransport {
  const x = config.exchange;
  if (x.transport === 'folder' && x.folder) return new FolderTransport(x.folder);
  if (x.transport === 'http' && x.axisUrl) return new HttpTransport({ baseUrl: x.axisUrl, token: x.axisToken, retries: x.httpRetries, backoffMs: x.httpBackoffMs });
  return new NoTransport();
}

/** Exchange between agencies (edXML, QCVN 102:2016): docs/EXCHANGE.md. */
@Module({
  imports: [FilesModule, SigningModule, NotificationsModule, IncomingDocumentsModule],
  controllers: [ExchangeController, ExchangeIncomingController, ExchangeOutgoingController],
  providers: [
    { provide: EXCHANGE_TRANSPORT, inject: [APP_CONFIG], useFactory: createTransport },
    ExchangeRepository, ExchangeStatusService, ExchangeOutboundService, ExchangeInboundService, ExchangeRecallService, ExchangePollService,
    ExchangeAgenciesService, IncomingReturnService, RecallDecisionService, OutgoingRecallService, ExchangeWorkflowListener, ExchangeProcessor,
  ],
})
export class ExchangeModule implements OnModuleInit {
  constructor(
    private readonly events: WorkflowEvents,
    private readonly listener: ExchangeWorkflowListener,
  ) {}

  onModuleInit(): void {
    this.events.register(this.listener);
  }
}
