import type { LegacyRecord } from './row-parser';

const base = (name: string) => (name.normalize('NFC').split('/').pop() ?? '').replace(/\.pdf$/i, '').trim().toLowerCase();
const symbolKey = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\\/\s]+/g, '-');

/**
 * Which rows a scanned PDF in the ZIP belongs to, by its file name: the row whose "Tệp đính kèm" cell names it; else the
 * row whose number ends the name ("1532.pdf", "SoDen-2024-1532.pdf", "so den 0015.pdf"); else the row whose symbol it
 * spells ("125-QĐ-UBND.pdf" for 125/QĐ-UBND). Rows that name their file are matched by that name only.
 */
export class ScansMatcher {
  private readonly byFile = new Map<string, LegacyRecord[]>();
  private readonly byNumber = new Map<number, LegacyRecord>();
  private readonly bySymbol = new Map<string, LegacyRecord>();

  constructor(records: LegacyRecord[]) {
    for (const r of records) {
      if (r.scanFile) {
        const k = base(r.scanFile);
        this.byFile.set(k, [...(this.byFile.get(k) ?? []), r]);
        continue;
      }
      this.byNumber.set(r.number, r);
      this.bySymbol.set(symbolKey(r.symbol), r);
    }
  }

  match(entryName: string): LegacyRecord[] {
    const b = base(entryName);
    const named = this.byFile.get(b);
    if (named) return named;
    const digits = /(?:^|\D)0*(\d{1,9})$/.exec(b);
    const byNumber = digits ? this.byNumber.get(Number(digits[1])) : undefined;
    if (byNumber) return [byNumber];
    const bySymbol = this.bySymbol.get(symbolKey(b));
    return bySymbol ? [bySymbol] : [];
  }

  /** Rows that named a scan the ZIP did not hold. */
  missingNamed(): LegacyRecord[] {
    return [...this.byFile.values()].flat().filter((r) => !r.fileId);
  }
}
