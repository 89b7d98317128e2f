import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { EdxmlError } from './edxml-error';

/**
 * Reads untrusted XML into a DOM without ever expanding entities or spending unbounded time:
 * a linear pre-scan refuses DOCTYPE / ENTITY declarations (XXE, billion laughs), oversized input, deep nesting and
 * floods of elements or attributes before the parser sees the text. The base64 attachments are plain text and
 * cost nothing in the scan; only the markup is measured.
 */

export interface XmlLimits {
  /** Whole package, bytes. */
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
  maxAttributesPerElement: number;
  /** Bytes inside tags (`<…>`), i.e. everything except text content. */
  maxMarkupBytes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 100_000,
  maxAttributesPerElement: 256,
  maxMarkupBytes: 8 * 1024 * 1024,
};

const MB = 1024 * 1024;

/** Bytes → text: UTF-8 (BOM optional) or UTF-16 with a BOM; any other declared encoding is refused. */
export function decodeXmlInput(input: string | Buffer, limits: XmlLimits = DEFAULT_XML_LIMITS): string {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) throw new EdxmlError('Gói tin rỗng hoặc không phải văn bản XML');
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > limits.maxBytes) {
    throw new EdxmlError(`Gói tin quá lớn (${(size / MB).toFixed(1)} MB, tối đa ${Math.floor(limits.maxBytes / MB)} MB)`);
  }
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input[0] === 0xff && input[1] === 0xfe) text = input.subarray(2).toString('utf16le');
  else if (input[0] === 0xfe && input[1] === 0xff) text = Buffer.from(input.subarray(2)).swap16().toString('utf16le');
  else text = input.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const decl = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(text);
  if (decl && !/^(utf-?8|utf-?16)$/i.test(decl[1])) {
    throw new EdxmlError(`Gói tin dùng bảng mã ${decl[1]}; chỉ nhận gói tin mã hóa UTF-8`);
  }
  if (text.trim() === '') throw new EdxmlError('Gói tin rỗng hoặc không phải văn bản XML');
  return text;
}

/** Linear scan of the markup; throws EdxmlError at the first limit crossed. */
export function scanMarkup(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  let depth = 0;
  let elements = 0;
  let markup = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    const next = text.charCodeAt(i + 1);
    let end: number;
    if (text.startsWith('<!--', i)) {
      end = closeOf(text, '-->', i);
    } else if (text.startsWith('<![CDATA[', i)) {
      i = closeOf(text, ']]>', i) + 3;
      i = text.indexOf('<', i);
      continue;
    } else if (next === 0x21 /* ! */) {
      throw new EdxmlError('Gói tin chứa khai báo DOCTYPE/ENTITY; không được phép vì lý do an toàn');
    } else if (next === 0x3f /* ? */) {
      end = closeOf(text, '?>', i);
    } else if (next === 0x2f /* / */) {
      end = closeOf(text, '>', i);
      depth -= 1;
    } else {
      end = endOfStartTag(text, i, limits);
      elements += 1;
      if (elements > limits.maxElements) throw new EdxmlError(`Gói tin có quá nhiều phần tử XML (tối đa ${limits.maxElements})`);
      if (text.charCodeAt(end - 1) !== 0x2f /* self-closing */) {
        depth += 1;
        if (depth > limits.maxDepth) throw new EdxmlError(`Gói tin lồng nhau quá sâu (tối đa ${limits.maxDepth} cấp)`);
      }
    }
    markup += end - i + 1;
    if (markup > limits.maxMarkupBytes) throw new EdxmlError('Phần cấu trúc XML của gói tin quá lớn');
    i = text.indexOf('<', end + 1);
  }
}

function closeOf(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from + 2);
  if (at === -1) throw new EdxmlError('Gói tin XML không hợp lệ: thẻ không được đóng');
  return at + marker.length - 1;
}

/** Index of the `>` closing the start tag at `start`, skipping quoted attribute values; counts attributes. */
function endOfStartTag(text: string, start: number, limits: XmlLimits): number {
  let quote = 0;
  let attributes = 0;
  for (let j = start + 1; j < text.length; j += 1) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3d /* = */) {
      attributes += 1;
      if (attributes > limits.maxAttributesPerElement) throw new EdxmlError('Một phần tử XML có quá nhiều thuộc tính');
    } else if (c === 0x3e /* > */) {
      return j;
    } else if (c === 0x3c /* < */) {
      break;
    }
    if (j - start > limits.maxMarkupBytes) break;
  }
  throw new EdxmlError('Gói tin XML không hợp lệ: thẻ không được đóng');
}

/** Checks, then parses. Any parser error (not a warning) refuses the package with a Vietnamese reason. */
export function parseSafeXml(input: string | Buffer, limits: XmlLimits = DEFAULT_XML_LIMITS): { doc: Document; root: Element; text: string } {
  const text = decodeXmlInput(input, limits);
  scanMarkup(text, limits);
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (error) {
    throw new EdxmlError(`Gói tin XML không hợp lệ: ${firstLine(error)}`);
  }
  if (problems.length > 0) throw new EdxmlError(`Gói tin XML không hợp lệ: ${firstLine(problems[0])}`);
  const root = doc?.documentElement;
  if (!root) throw new EdxmlError('Gói tin XML không có phần tử gốc');
  return { doc, root, text };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}
