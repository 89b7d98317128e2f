import type { Actor } from '../../../common/auth/actor';
import { localDate } from '../../../common/time/local-date';
import type { WorklistRegistry } from '../../worklist/worklist.registry';

export interface WorklistCounts {
  incoming: number;
  outgoing: number;
  task: number;
  overdue: number;
  total: number;
}

/**
 * The stream's worklist counts, in one place so the source can be switched: today they are counted from the `/inbox`
 * sources (the whole list, then counted); when `GET /worklist` answers `counts` in SQL, call that here instead.
 */
export async function worklistCounts(registry: WorklistRegistry, actor: Actor, now: Date): Promise<WorklistCounts> {
  const today = localDate(now, actor.timeZone);
  const lists = await Promise.all(registry.all().map((s) => s.items(actor, today)));
  const counts: WorklistCounts = { incoming: 0, outgoing: 0, task: 0, overdue: 0, total: 0 };
  for (const item of lists.flat()) {
    counts[item.kind]++;
    if (item.overdue) counts.overdue++;
    counts.total++;
  }
  return counts;
}
