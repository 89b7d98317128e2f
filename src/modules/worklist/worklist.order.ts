import { URGENCIES, WorklistItem } from './worklist.types';

// URGENCIES is ordered normal → flash, so a larger index is more urgent (looked up, not searched, per comparison).
const RANK = new Map<string, number>(URGENCIES.map((u, i) => [u, i]));
const urgencyRank = (u: WorklistItem['urgency']) => RANK.get(u) ?? -1;

// Deadlines ('YYYY-MM-DD') and `since` (ISO 8601 UTC) have a fixed shape, so plain code-unit order is date order — the
// same result as localeCompare without the collator, which showed when sorting thousands of items (issue 6, B3).
const compareText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Most urgent first: flash before normal; then overdue before due; then nearest deadline (none last); then oldest. */
export function compareWorklistItems(a: WorklistItem, b: WorklistItem): number {
  return urgencyRank(b.urgency) - urgencyRank(a.urgency)
    || Number(b.overdue) - Number(a.overdue)
    || compareText(a.deadline ?? '9999-12-31', b.deadline ?? '9999-12-31')
    || compareText(a.since, b.since);
}
