import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { JOB_BACKEND_PROBE } from './job-backend.port';
import { JobBackend } from './job-backend';
import { BullJobBackendProbe } from './job-backend.probe';
import { JobFailuresController } from './job-failures.controller';
import { JobFailuresService } from './job-failures.service';
import { JobQueues } from './job-queues';
import { JobSchedules } from './job-schedules';
import { JobWorkers } from './job-workers';
import { OutboxRelay } from './outbox.relay';
import { OutboxService } from './outbox.service';
import { OutboxCommitSubscriber } from './outbox.subscriber';
import { QUEUE_NAMES } from './queue.constants';

/**
 * The job system, in one place (STYLE §5): backend selection, queues (also injectable with @InjectQueue(name)),
 * default job options, the transactional outbox and its relay, workers with the boot check, failures, schedulers,
 * and the readiness probe.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      controllers: [JobFailuresController],
      providers: [
        JobBackend,
        // Every producer and consumer goes through JobQueues, which exists only once BullMQ's schema is migrated.
        { provide: JobQueues, useFactory: async (b: JobBackend) => (await b.prepare(), new JobQueues(b)), inject: [JobBackend] },
        ...QUEUE_NAMES.map((name) => ({ provide: getQueueToken(name), useFactory: (q: JobQueues) => q.get(name), inject: [JobQueues] })),
        OutboxRelay,
        OutboxService,
        OutboxCommitSubscriber,
        JobWorkers,
        JobSchedules,
        JobFailuresService,
        BullJobBackendProbe,
        { provide: JOB_BACKEND_PROBE, useExisting: BullJobBackendProbe },
      ],
      exports: [JobBackend, JobQueues, OutboxService, OutboxRelay, JobWorkers, JobSchedules, JOB_BACKEND_PROBE,
        ...QUEUE_NAMES.map((name) => getQueueToken(name))],
    };
  }
}
