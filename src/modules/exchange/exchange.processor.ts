import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { HandlesJobs } from '../../common/queue/handles-jobs.decorator';
import type { JobPayload } from '../../common/queue/queue.constants';
import { ExchangeOutboundService } from './exchange-outbound.service';
import { ExchangePollService } from './exchange-poll.service';

/** Queue 'exchange': sending one package (outbox) and fetching inbound ones (scheduler). Both idempotent. */
@Processor('exchange')
@HandlesJobs('exchange.send', 'exchange.poll')
export class ExchangeProcessor extends WorkerHost {
  constructor(
    private readonly outbound: ExchangeOutboundService,
    private readonly polling: ExchangePollService,
  ) {
    super();
  }

  async process(job: Job<JobPayload>): Promise<unknown> {
    if (job.data?.v !== 1) throw new Error(`${job.name}: unsupported payload version`);
    switch (job.name) {
      case 'exchange.send':
        return { state: await this.outbound.send(job.data.orgId as string, job.data.messageRowId as string) };
      case 'exchange.poll':
        return this.polling.poll();
      default:
        throw new Error(`ExchangeProcessor cannot handle ${job.name}`);
    }
  }
}
