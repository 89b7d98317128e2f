import { compareWorklistItems } from './worklist.order';
import type { WorklistItem } from './worklist.types';

const item = (id: string, o: Partial<WorklistItem>): WorklistItem => ({
  kind: 'task', id, title: id, action: 'handle', deadline: null, urgency: 'normal', overdue: false, since: '2025-07-01T00:00:00Z', ...o,
});

describe('worklist order', () => {
  it('puts flash before very urgent before urgent before normal, then overdue before due, then the nearest deadline', () => {
    const items = [
      item('normal-no-deadline', {}),
      item('normal-due-later', { deadline: '2025-07-20' }),
      item('normal-due-soon', { deadline: '2025-07-10' }),
      item('normal-overdue', { deadline: '2025-07-01', overdue: true }),
      item('urgent', { urgency: 'urgent', deadline: '2025-07-30' }),
      item('flash', { urgency: 'flash' }),
      item('very-urgent', { urgency: 'very_urgent' }),
    ];
    expect(items.sort(compareWorklistItems).map((i) => i.id)).toEqual([
      'flash', 'very-urgent', 'urgent', 'normal-overdue', 'normal-due-soon', 'normal-due-later', 'normal-no-deadline',
    ]);
  });

  it('breaks ties by waiting longest first', () => {
    const a = item('newer', { since: '2025-07-02T00:00:00Z' });
    const b = item('older', { since: '2025-07-01T00:00:00Z' });
    expect([a, b].sort(compareWorklistItems).map((i) => i.id)).toEqual(['older', 'newer']);
  });
});
