import type { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { AppMetrics } from './app-metrics';
import { takeBusinessEvents } from './business-events';

/** Counts the business events noted on a transaction once it commits; drops them when it rolls back. */
export class BusinessEventsSubscriber implements EntitySubscriberInterface {
  constructor(private readonly metrics: AppMetrics) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    for (const action of takeBusinessEvents(event.queryRunner)) this.metrics.committed(action);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    takeBusinessEvents(event.queryRunner);
  }
}
