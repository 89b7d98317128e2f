import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { startJobProcessing } from '../common/queue';

const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Starts job processing without holding up the HTTP server: when the job backend (Redis, or PostgreSQL's bullmq
 * schema) is down at boot, readiness reports it (503 with the cause) and this keeps trying with back-off until it
 * answers. Resolves when started or when `isStopping()` turns true.
 */
export async function startJobsWhenReachable(
  app: INestApplicationContext,
  runWorkers: boolean,
  logger: LoggerService,
  isStopping: () => boolean,
): Promise<boolean> {
  let delay = 1000;
  for (;;) {
    if (isStopping()) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        startJobProcessing(app, { runWorkers }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`job backend did not answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`)), ATTEMPT_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (e) {
      logger.warn(`Jobs not started yet: ${(e as Error).message} — retrying in ${delay / 1000} s (readiness answers 503 meanwhile)`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    } finally {
      clearTimeout(timer);
    }
  }
}
