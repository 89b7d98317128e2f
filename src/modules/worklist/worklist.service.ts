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

  async inbox(actor: Actor): Promise<WorklistItem[]> {
    const today = localDate(this.clock.now(), actor.timeZone);
    const lists = await Promise.all(this.registry.all().map((s) => s.items(actor, today)));
    return lists.flat().sort(compareWorklistItems);
  }
}
