import { parseOffsetMinutes, pdfDateToIso, toPdfDate } from './pdf-date';

describe('PDF signing-time strings', () => {
  it("writes the instant as Vietnam local time with +07'00' by default", () => {
    expect(toPdfDate(new Date('2025-07-07T03:30:00Z'))).toBe("D:20250707103000+07'00'");
    expect(toPdfDate(new Date('2025-12-31T20:15:09Z'))).toBe("D:20260101031509+07'00'");
  });

  it('honours other offsets, including negative ones', () => {
    expect(toPdfDate(new Date('2025-07-07T03:30:00Z'), '-05:30')).toBe("D:20250706220000-05'30'");
    expect(toPdfDate(new Date('2025-07-07T03:30:00Z'), '+00:00')).toBe("D:20250707033000+00'00'");
  });

  it.each(['07:00', '+7:00', '+25:00', 'Z'])('rejects the offset %p', (offset) => {
    expect(() => parseOffsetMinutes(offset)).toThrow(RangeError);
  });

  it.each([
    ["D:20250707103000+07'00'", '2025-07-07T10:30:00+07:00'],
    ["D:20250707103000+07'00", '2025-07-07T10:30:00+07:00'],
    ['D:20250707033000Z', '2025-07-07T03:30:00Z'],
    ["D:20250706220000-05'30'", '2025-07-06T22:00:00-05:30'],
  ])('reads %s as %s', (pdfDate, iso) => {
    expect(pdfDateToIso(pdfDate)).toBe(iso);
  });

  it('returns null for a malformed date', () => {
    expect(pdfDateToIso('yesterday')).toBeNull();
  });
});
