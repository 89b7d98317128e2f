import type { TestApp } from '../setup/test-app';
import type { TestUser } from '../factories/ward.factory';

export interface V2Item {
  kind: string; id: string; lineId: string | null; title: string; action: string; actionLabel: string; role: string | null;
  reference: string; from: string | null; fromPosition: string | null; deadline: string | null; urgency: string; overdue: boolean; flagged: boolean;
}
export interface V2Page { items: V2Item[]; counts: { incoming: number; outgoing: number; task: number; overdue: number; total: number }; nextCursor: string | null }

/** Every item of a person's /worklist, page after page (asserts the pages neither repeat nor lose items). */
export async function fullWorklist(t: TestApp, user: TestUser, query = '', limit = 200): Promise<V2Item[]> {
  const items: V2Item[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i += 1) {
    const res = await t.http.get(`/api/v1/worklist?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).set(user.auth);
    if (res.status !== 200) throw new Error(`worklist: ${res.status} ${JSON.stringify(res.body)}`);
    const page = res.body as V2Page;
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('worklist: more than 1000 pages');
}

export const key = (i: { kind: string; id: string; lineId?: string | null }) => `${i.kind}:${i.id}:${i.lineId ?? ''}`;
