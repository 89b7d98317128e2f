import { Injectable } from '@nestjs/common';
import type { JobBackendProbe } from './job-backend.port';
import { JobQueues } from './job-queues';

/** Readiness: the backend answers a real BullMQ call within two seconds (PostgreSQL schema migrated, or Redis up). */
@Injectable()
export class BullJobBackendProbe implements JobBackendProbe {
  constructor(private readonly queues: JobQueues) {}

  get name(): string {
    return this.queues.backend.kind;
  }

  async check(): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queues.get('maintenance').getJobCounts('waiting'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('job backend timeout')), 2_000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    return this.name;
  }
}
