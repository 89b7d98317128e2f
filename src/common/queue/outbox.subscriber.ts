import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OutboxRelay } from './outbox.relay';
import { OUTBOX_PENDING } from './outbox.service';

/** Kicks the relay right after the outermost commit of a transaction that wrote outbox rows (never on rollback). */
@Injectable()
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(
    ds: DataSource,
    private readonly relay: OutboxRelay,
  ) {
    ds.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive || !runner.data?.[OUTBOX_PENDING]) return;
    delete runner.data[OUTBOX_PENDING];
    this.relay.kick();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    if (!runner.isTransactionActive && runner.data?.[OUTBOX_PENDING]) delete runner.data[OUTBOX_PENDING];
  }
}
