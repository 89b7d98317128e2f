import type { Actor } from '../../../common/auth/actor';
import type { WorklistCounts, WorklistService } from '../../worklist/worklist.service';

export type { WorklistCounts };

/** The stream's worklist counts: the same SQL counts as `GET /worklist` (one page of one item, counts over everything). */
export async function worklistCounts(worklist: WorklistService, actor: Actor): Promise<WorklistCounts> {
  return (await worklist.page(actor, { limit: 1 })).counts;
}
