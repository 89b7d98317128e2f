import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { AppConfig } from './config/app-config';
import { CoreModule } from './common/core.module';
import { LoggingModule } from './common/logging/logging.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { dataSourceOptions } from './database/data-source';
import { AuditModule } from './modules/audit/audit.module';
import { AuditCheckpointsModule } from './modules/audit-checkpoints/audit-checkpoints.module';
import { AuthModule } from './modules/auth/auth.module';
import { CatalogsModule } from './modules/catalogs/catalogs.module';
import { DelegationsModule } from './modules/delegations/delegations.module';
import { FilesModule } from './modules/files/files.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { IncomingDocumentsModule } from './modules/incoming-documents/incoming-documents.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { OutgoingDocumentsModule } from './modules/outgoing-documents/outgoing-documents.module';
import { ReadinessModule } from './modules/readiness/readiness.module';
import { RegistersModule } from './modules/registers/registers.module';
import { SigningRulesModule } from './modules/signing-rules/signing-rules.module';
import { SigningModule } from './modules/signing/signing.module';
import { UsersModule } from './modules/users/users.module';
import { WorklistModule } from './modules/worklist/worklist.module';
import { QueueModule } from './common/queue/queue.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ReportsModule } from './modules/reports/reports.module';
import { RegistersPrintModule } from './modules/registers-print/registers-print.module';
import { RoutingModule } from './modules/routing/routing.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { ExchangeModule } from './modules/exchange/exchange.module';
import { LegacyImportModule } from './modules/legacy-import/legacy-import.module';
import { ExportsModule } from './modules/exports/exports.module';
import { POLICIES } from './policies';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, POLICIES),
        LoggingModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), autoLoadEntities: true }),
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            setup: (cls, req: Request & { id?: string }) => {
              cls.set('requestId', req.id ?? randomUUID());
              cls.set('ip', req.ip);
            },
          },
          plugins: [
            new ClsPluginTransactional({
              imports: [TypeOrmModule],
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
            }),
          ],
        }),
        AuditModule,
        AuditCheckpointsModule,
        IdempotencyModule,
        FilesModule,
        RoutingModule,
        WorklistModule,
        HealthModule,
        MetricsModule,
        CatalogsModule,
        RegistersModule,
        SigningRulesModule,
        OrganizationsModule,
        UsersModule,
        DelegationsModule,
        ReadinessModule,
        AuthModule,
        SigningModule,
        OutgoingDocumentsModule,
        IncomingDocumentsModule,
        QueueModule.forRoot(),
        NotificationsModule,
        TasksModule,
        ReportsModule,
        ExchangeModule,
        LegacyImportModule,
        RegistersPrintModule,
        ExportsModule,
      ],
    };
  }
}
