import { URGENCIES, WorklistItem } from './worklist.types';

// URGENCIES is ordered normal → flash, so a larger index is more urgent.
const urgencyRank = (u: WorklistItem['urgency']) => URGENCIES.indexOf(u);

/** Most urgent first: flash before normal; then overdue before due; then nearest deadline (none last); then oldest. */
export function compareWorklistItems(a: WorklistItem, b: WorklistItem): number {
  return urgencyRank(b.urgency) - urgencyRank(a.urgency)
    || Number(b.overdue) - Number(a.overdue)
    || (a.deadline ?? '9999-12-31').localeCompare(b.deadline ?? '9999-12-31')
    || a.since.localeCompare(b.since);
}
