/** Finds signature dictionaries in raw PDF bytes: enough structure for verification, no full parser. */

export interface RawSignature {
  byteRange: [number, number, number, number];
  /** Decoded /Contents (the CMS, with its zero padding). */
  contents: Buffer;
  subFilter: string;
  /** /M as written, e.g. D:20250707173000+07'00'. */
  signingTime: string | null;
  name: string | null;
  reason: string | null;
  /** Why the ByteRange cannot be trusted, if it cannot. */
  byteRangeProblem: string | null;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const HEX_BODY = /^[0-9A-Fa-f\s]*$/;

export function findSignatures(pdf: Buffer): RawSignature[] {
  const text = pdf.toString('latin1');
  const found: RawSignature[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    found.push(readSignature(pdf, text, match.index, byteRange));
  }
  return found.sort((x, y) => x.byteRange[2] + x.byteRange[3] - (y.byteRange[2] + y.byteRange[3]));
}

function readSignature(pdf: Buffer, text: string, at: number, byteRange: RawSignature['byteRange']): RawSignature {
  const problem = byteRangeProblem(pdf, text, byteRange);
  const [, gapStart, gapEnd] = byteRange;
  const contents = problem ? Buffer.alloc(0) : Buffer.from(text.slice(gapStart + 1, gapEnd - 1).replace(/\s+/g, ''), 'hex');
  const dict = dictionaryText(text, at, problem ? null : [gapStart, gapEnd]);
  return {
    byteRange,
    contents,
    subFilter: /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(dict)?.[1] ?? '',
    signingTime: literal(dict, 'M'),
    name: literal(dict, 'Name'),
    reason: literal(dict, 'Reason'),
    byteRangeProblem: problem,
  };
}

/** [0, a, b, c]: starts at 0, the gap is exactly the /Contents hex string, and it ends within the file. */
function byteRangeProblem(pdf: Buffer, text: string, [start, gapStart, gapEnd, tailLength]: number[]): string | null {
  if (start !== 0) return 'ByteRange does not start at 0';
  if (!(gapStart > 0 && gapEnd > gapStart + 1)) return 'ByteRange gap is empty or reversed';
  if (gapEnd + tailLength > pdf.length) return 'ByteRange extends beyond the end of the file';
  if (text[gapStart] !== '<' || text[gapEnd - 1] !== '>' || !HEX_BODY.test(text.slice(gapStart + 1, gapEnd - 1))) {
    return 'ByteRange gap is not a hex string';
  }
  if (!/\/Contents\s*$/.test(text.slice(Math.max(0, gapStart - 32), gapStart))) {
    return 'ByteRange gap is not the /Contents value';
  }
  return null;
}

/** The text of the object holding the dictionary, without the (large) /Contents hex string. */
function dictionaryText(text: string, at: number, gap: [number, number] | null): string {
  const objStart = text.lastIndexOf(' obj', at);
  const from = objStart === -1 ? Math.max(0, at - 4096) : objStart;
  const to = text.indexOf('endobj', gap ? gap[1] : at);
  const end = to === -1 ? Math.min(text.length, at + 4096) : to;
  return gap ? text.slice(from, gap[0]) + text.slice(gap[1], end) : text.slice(from, end);
}

/** Reads `/Key (literal)` or `/Key <hex>` and decodes PDFDocEncoding / UTF-16BE text. */
function literal(dict: string, key: string): string | null {
  const re = new RegExp(`/${key}\\s*(?:\\(((?:\\\\.|[^\\\\)])*)\\)|<([0-9A-Fa-f\\s]*)>)`, 's');
  const match = re.exec(dict);
  if (!match) return null;
  const bytes = match[2] !== undefined ? Buffer.from(match[2].replace(/\s+/g, ''), 'hex') : unescapeLiteral(match[1]);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

function unescapeLiteral(body: string): Buffer {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  const out = body.replace(/\\([0-7]{1,3}|.)/gs, (_, c: string) =>
    /^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8) & 0xff) : (map[c] ?? (c === '\n' ? '' : c)),
  );
  return Buffer.from(out, 'latin1');
}
