import {
  formatDocumentNumber,
  formatNumberLine,
  formatPlaceDateLine,
  formatSymbol,
  formatVnDate,
} from './decree30-format';

describe('Decree 30 formats', () => {
  describe('document number', () => {
    it.each([
      [1, '01'],
      [9, '09'],
      [10, '10'],
      [11, '11'],
      [99, '99'],
      [100, '100'],
      [1234, '1234'],
    ])('numbers below 10 get a leading zero: %i → %s', (n, expected) => {
      expect(formatDocumentNumber(n)).toBe(expected);
    });

    it.each([0, -1, 1.5, Number.NaN])('rejects %p as a document number', (n) => {
      expect(() => formatDocumentNumber(n)).toThrow(RangeError);
    });
  });

  describe('symbol', () => {
    it('named types are <number>/<type>-<agency>', () => {
      expect(formatSymbol({ number: 5, abbreviation: 'TB', agencyShortName: 'UBND', unitCode: 'VP' })).toBe('05/TB-UBND');
      expect(formatSymbol({ number: 15, abbreviation: 'QĐ', agencyShortName: 'UBND' })).toBe('15/QĐ-UBND');
    });

    it('keeps the decree spelling of mixed-case abbreviations such as TTr', () => {
      expect(formatSymbol({ number: 7, abbreviation: 'TTr', agencyShortName: 'UBND' })).toBe('07/TTr-UBND');
    });

    it('công văn (no type abbreviation) is <number>/<agency>-<unit>', () => {
      expect(formatSymbol({ number: 12, abbreviation: null, agencyShortName: 'UBND', unitCode: 'VP' })).toBe('12/UBND-VP');
      expect(formatSymbol({ number: 2047, abbreviation: null, agencyShortName: 'UBND', unitCode: 'KTHTĐT' })).toBe(
        '2047/UBND-KTHTĐT',
      );
    });

    it('công văn without a unit code is rejected', () => {
      expect(() => formatSymbol({ number: 12, abbreviation: null, agencyShortName: 'UBND', unitCode: null })).toThrow(
        RangeError,
      );
    });

    it.each(['', 'UB ND', 'UBND/X', 'UB-ND'])('rejects the agency abbreviation %p (no spaces, / or -)', (agency) => {
      expect(() => formatSymbol({ number: 1, abbreviation: 'TB', agencyShortName: agency })).toThrow(RangeError);
    });
  });

  it('number line is "Số: <symbol>"', () => {
    expect(formatNumberLine('05/QĐ-UBND')).toBe('Số: 05/QĐ-UBND');
    expect(formatNumberLine(formatSymbol({ number: 5, abbreviation: 'QĐ', agencyShortName: 'UBND' }))).toBe(
      'Số: 05/QĐ-UBND',
    );
  });

  describe('place and date line', () => {
    it('day below 10 gets a leading zero, July does not', () => {
      expect(formatPlaceDateLine('Tây Tựu', '2025-07-07')).toBe('Tây Tựu, ngày 07 tháng 7 năm 2025');
    });

    it('January and February get a leading zero', () => {
      expect(formatPlaceDateLine('Tây Tựu', '2020-01-05')).toBe('Tây Tựu, ngày 05 tháng 01 năm 2020');
      expect(formatPlaceDateLine('Tây Tựu', '2024-02-29')).toBe('Tây Tựu, ngày 29 tháng 02 năm 2024');
    });

    it.each([
      ['2025-03-10', 'ngày 10 tháng 3 năm 2025'],
      ['2025-09-01', 'ngày 01 tháng 9 năm 2025'],
      ['2025-10-31', 'ngày 31 tháng 10 năm 2025'],
      ['2025-12-25', 'ngày 25 tháng 12 năm 2025'],
    ])('months 3–12 have no leading zero: %s', (iso, expected) => {
      expect(formatPlaceDateLine('Phường 3', iso)).toBe(`Phường 3, ${expected}`);
    });

    it.each(['2025-7-7', '07/07/2025', '2025-02-30', '2025-13-01', ''])('rejects the date %p', (iso) => {
      expect(() => formatPlaceDateLine('Tây Tựu', iso)).toThrow(RangeError);
    });

    it('rejects an empty place name', () => {
      expect(() => formatPlaceDateLine('  ', '2025-07-07')).toThrow(RangeError);
    });
  });

  describe('ĐẾN stamp date', () => {
    it.each([
      ['2025-07-07', '07/07/2025'],
      ['2026-01-02', '02/01/2026'],
      ['2025-12-31', '31/12/2025'],
    ])('%s → %s (dd/mm/yyyy, always two digits)', (iso, expected) => {
      expect(formatVnDate(iso)).toBe(expected);
    });
  });
});
