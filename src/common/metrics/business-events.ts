import type { EntityManager, QueryRunner } from 'typeorm';

const KEY = 'vanthuCommittedActions';

/**
 * Notes a business event (an audit action) on the transaction that records it. It is counted only when that
 * transaction commits (BusinessEventsSubscriber), so a rolled-back change never shows in the metrics.
 */
export function noteBusinessEvent(manager: EntityManager, action: string): void {
  const qr = manager.queryRunner;
  if (!qr) return;
  const list = (qr.data[KEY] ??= []) as string[];
  list.push(action);
}

/** Takes (and clears) the actions noted on a query runner's transaction. */
export function takeBusinessEvents(qr: QueryRunner | undefined): string[] {
  if (!qr?.data) return [];
  const list = (qr.data[KEY] ?? []) as string[];
  delete qr.data[KEY];
  return list;
}
