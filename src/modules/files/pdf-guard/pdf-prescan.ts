import { constants, inflateSync } from 'node:zlib';

/** What pdf-lib decodes while it loads a file: object streams and cross-reference streams. */
export class PdfTooComplexError extends Error {
  override readonly name = 'PdfTooComplexError';
}

/**
 * Decoded bytes allowed across all the streams pdf-lib inflates at load time (object and xref streams). Ordinary
 * PDFs need well under 1 MB (a 500-page report: ~2 MB); a "zip bomb" object stream needs gigabytes.
 */
export const DEFAULT_DECODE_BUDGET = 32 * 1024 * 1024;

const STREAM = /stream\r?\n/g;
const FLATE = /^\/(FlateDecode|Fl)$/;

/**
 * Bounded look at the streams pdf-lib would decode synchronously at PDFDocument.load(): every object stream and xref
 * stream (or a stream whose /Type is indirect, so could be either) is inflated layer by layer with zlib's
 * maxOutputLength, and the total is charged to one budget. Exceeding it throws PdfTooComplexError before pdf-lib ever
 * sees the file. Streams with non-Flate filters are left to the worker's time and memory limits.
 */
export function prescanPdf(buf: Buffer, budget = DEFAULT_DECODE_BUDGET): { decodedBytes: number; streams: number } {
  const text = buf.toString('latin1');
  let remaining = budget;
  let streams = 0;
  STREAM.lastIndex = 0;
  for (let m = STREAM.exec(text); m; m = STREAM.exec(text)) {
    if (text.startsWith('end', m.index - 3)) continue;
    const dictEnd = text.lastIndexOf('>>', m.index);
    if (dictEnd === -1 || text.slice(dictEnd + 2, m.index).trim() !== '') continue; // "endstream", not a stream start
    const dictStart = text.lastIndexOf(' obj', m.index);
    const dict = text.slice(dictStart === -1 ? Math.max(0, m.index - 4096) : dictStart, dictEnd + 2);
    if (!decodedAtLoad(dict)) continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end === -1) continue;
    streams++;
    let data = buf.subarray(start, end);
    for (const filter of filtersOf(dict)) {
      if (!FLATE.test(filter)) break;
      data = inflateBounded(data, remaining);
      remaining -= data.length;
    }
    STREAM.lastIndex = end;
  }
  return { decodedBytes: budget - remaining, streams };
}

function decodedAtLoad(dict: string): boolean {
  return /\/Type\s*\/(ObjStm|XRef)\b/.test(dict) || /\/Type\s+\d+\s+\d+\s+R/.test(dict);
}

function filtersOf(dict: string): string[] {
  const list = /\/Filter\s*\[([^\]]*)\]/.exec(dict);
  if (list) return list[1].match(/\/[A-Za-z0-9]+/g) ?? [];
  const single = /\/Filter\s*(\/[A-Za-z0-9]+)/.exec(dict);
  return single ? [single[1]] : [];
}

function inflateBounded(data: Buffer, remaining: number): Buffer {
  if (remaining <= 0) throw new PdfTooComplexError('decoded size budget exhausted');
  try {
    return inflateSync(data, { maxOutputLength: remaining, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new PdfTooComplexError(`a stream inflates beyond the ${remaining}-byte budget`);
    }
    return Buffer.alloc(0); // damaged data: pdf-lib will fail or recover on its own; nothing big was produced
  }
}
