import { isoWithOffset, localDate, localYear } from './local-date';

describe('local business dates', () => {
  it('31/12 23:59:59 (+07:00) belongs to the old year and 01/01 00:00:00 (+07:00) to the new one', () => {
    expect(localYear(new Date('2025-12-31T23:59:59+07:00'))).toBe(2025);
    expect(localYear(new Date('2026-01-01T00:00:00+07:00'))).toBe(2026);
    expect(localDate(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
  });

  it('formats instants with the +07:00 offset of Vietnam', () => {
    expect(isoWithOffset(new Date('2025-07-07T02:30:05Z'))).toBe('2025-07-07T09:30:05+07:00');
  });
});
