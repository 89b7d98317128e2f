import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/time/clock';
import { localDate } from '../../common/time/local-date';
import { compareWorklistItems } from './worklist.order';
import { WorklistRegistry } from './worklist.registry';
import type { WorklistItem } from './worklist.types';

@Injectable()
export class WorklistService {
  constructor(
    private readonly registry: WorklistRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Everything waiting for the caller (API.md "Worklist": the whole list, no paging). Decided in issue 6 (bench B3): no
   * `?limit=` — a limit applied here would still read every source in full (the order mixes urgency, overdue, deadline
   * and age across sources, so no source can stop early) and save only serialising; instead each source answers a heavy
   * user in one indexed statement without per-item subqueries, and the merge sorts without a collator. What remains
   * grows with the list itself (≈ 300 bytes of JSON per item).
   */
  async inbox(actor: Actor): Promise<WorklistItem[]> {
    const today = localDate(this.clock.now(), actor.timeZone);
    const lists = await Promise.all(this.registry.all().map((s) => s.items(actor, today)));
    return lists.flat().sort(compareWorklistItems);
  }
}
