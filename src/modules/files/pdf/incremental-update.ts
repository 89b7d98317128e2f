import {
  PDFContentStream, PDFContext, PDFCrossRefStream, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFObject, PDFObjectParser, type PDFPage, PDFRawStream, PDFRef,
  PDFStream, popGraphicsState, pushGraphicsState,
} from 'pdf-lib';
import { PdfUnreadableError } from './pdf-inspect';

/**
 * Drawing on a PDF without rewriting it: the existing bytes stay as they are (so every signature over them stays
 * valid) and a new revision is appended — the objects the drawing created or changed (a content stream appended to
 * the page, the page dictionary, fonts and images), a cross-reference section for them and its trailer, whose /Prev
 * points at the previous section. pdf-lib only saves whole files, so it builds the objects and this writes the section.
 */
export async function appendRevision(pdf: Buffer, draw: (doc: PDFDocument) => Promise<void>): Promise<Buffer> {
  const doc = await loadForUpdate(pdf);
  const last = readLastSection(pdf);
  // pdf-lib does not register the object streams and xref streams it unpacks, so its largest object number can be
  // below the file's: new objects must not reuse those numbers (a reader would then find a font where an ObjStm was).
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, sizeOf(last) - 1);
  const before = new Map<string, string>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) before.set(ref.tag, fingerprint(obj));
  await draw(doc);
  await doc.flush();
  const changed: Array<[PDFRef, PDFObject]> = [];
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const was = before.get(ref.tag);
    if (was === undefined || was !== fingerprint(obj)) changed.push([ref, obj]);
  }
  changed.sort((a, b) => a[0].objectNumber - b[0].objectNumber);
  return Buffer.concat([pdf, writeSection(pdf, doc, last, changed)]);
}

/** Saves the page's graphics state around its existing content, so what is drawn next starts from a clean state. */
export function isolateExistingContent(doc: PDFDocument, page: PDFPage): void {
  page.node.normalize();
  const start = doc.context.register(PDFContentStream.of(doc.context.obj({}), [pushGraphicsState()]));
  const end = doc.context.register(PDFContentStream.of(doc.context.obj({}), [popGraphicsState()]));
  page.node.wrapContentStreams(start, end);
}

async function loadForUpdate(pdf: Buffer): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw new PdfUnreadableError(`PDF cannot be updated: ${(error as Error).message}`, { cause: error });
  }
  if (doc.context.trailerInfo.Encrypt) throw new PdfUnreadableError('Encrypted PDFs cannot be updated');
  return doc;
}

/** Streams are compared by their dictionary: their data is never changed in place by drawing. */
function fingerprint(obj: PDFObject): string {
  return obj instanceof PDFStream ? `stream:${obj.dict.toString()}` : obj.toString();
}

/** The file's newest cross-reference section: its kind, where it starts and its trailer (or xref stream) dictionary. */
export interface LastSection {
  kind: 'table' | 'stream';
  offset: number;
  dict: PDFDict;
}

/**
 * Reads the section the last `startxref` points at. A file saved with object streams ends with an xref STREAM whose
 * dictionary is the trailer; a classic file ends with a table followed by `trailer << … >>`.
 */
export function readLastSection(pdf: Buffer): LastSection {
  const offset = previousXref(pdf);
  if (offset >= pdf.length) throw new PdfUnreadableError('startxref points past the end of the PDF');
  const scratch = PDFContext.create();
  const head = pdf.subarray(offset, offset + 64).toString('latin1');
  try {
    if (/^\s*xref\b/.test(head)) {
      const at = pdf.indexOf('trailer', offset, 'latin1');
      if (at === -1) throw new PdfUnreadableError('PDF xref table has no trailer');
      const dict = PDFObjectParser.forBytes(pdf.subarray(at + 'trailer'.length), scratch).parseObject();
      if (!(dict instanceof PDFDict)) throw new PdfUnreadableError('PDF trailer is not a dictionary');
      return { kind: 'table', offset, dict };
    }
    const header = /^\s*\d+\s+\d+\s+obj\b/.exec(head);
    if (!header) throw new PdfUnreadableError('startxref points at neither an xref table nor an xref stream');
    const stream = PDFObjectParser.forBytes(pdf.subarray(offset + header[0].length), scratch).parseObject();
    if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Type')) !== PDFName.of('XRef')) {
      throw new PdfUnreadableError('startxref points at an object that is not an xref stream');
    }
    return { kind: 'stream', offset, dict: stream.dict };
  } catch (error) {
    if (error instanceof PdfUnreadableError) throw error;
    throw new PdfUnreadableError(`PDF trailer cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

/** One greater than the highest object number used anywhere in the file (every revision), per the last trailer. */
function sizeOf(section: LastSection): number {
  const size = section.dict.get(PDFName.of('Size'));
  return size instanceof PDFNumber ? size.asNumber() : 0;
}

/**
 * Writes the changed objects and a cross-reference section of the same kind as the file's last one: a classic table
 * and trailer after a table, an xref stream after an xref stream. /Size counts every object of the whole file, /Root,
 * /Info and /ID are copied from the last trailer (as references), /Prev is the last `startxref` offset.
 */
function writeSection(pdf: Buffer, doc: PDFDocument, last: LastSection, objects: Array<[PDFRef, PDFObject]>): Buffer {
  const parts: Buffer[] = [];
  let offset = pdf.length;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  const writeObject = (ref: PDFRef, obj: PDFObject) => {
    const body = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    push(Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'), Buffer.from(body), Buffer.from('\nendobj\n', 'latin1')]));
  };
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) push(Buffer.from('\n', 'latin1'));
  const offsets = new Map<number, { offset: number; generation: number }>();
  for (const [ref, obj] of objects) {
    offsets.set(ref.objectNumber, { offset, generation: ref.generationNumber });
    writeObject(ref, obj);
  }
  const size = Math.max(sizeOf(last), doc.context.largestObjectNumber + 1);
  const inherited: Array<[string, PDFObject]> = [];
  for (const key of ['Root', 'Info', 'ID'] as const) {
    const value = last.dict.get(PDFName.of(key)) ?? doc.context.trailerInfo[key];
    if (value) inherited.push([key, value]);
  }
  const xrefAt = offset;
  if (last.kind === 'stream') {
    // The xref stream is an object too: it takes the next number and lists itself.
    const self = PDFRef.of(size);
    const dict = doc.context.obj({ Type: 'XRef', Size: size + 1, Prev: last.offset });
    for (const [key, value] of inherited) dict.set(PDFName.of(key), value);
    const xref = PDFCrossRefStream.create(dict);
    for (const [n, e] of [...offsets.entries()].sort((a, b) => a[0] - b[0])) xref.addUncompressedEntry(PDFRef.of(n, e.generation), e.offset);
    xref.addUncompressedEntry(self, xrefAt);
    writeObject(self, xref);
  } else {
    const entries = [`/Size ${size}`, ...inherited.map(([key, value]) => `/${key} ${value.toString()}`), `/Prev ${last.offset}`];
    push(Buffer.from(`${xrefTable(offsets)}trailer\n<<\n${entries.join('\n')}\n>>\n`, 'latin1'));
  }
  push(Buffer.from(`startxref\n${xrefAt}\n%%EOF`, 'latin1'));
  return Buffer.concat(parts);
}

/** Subsections of consecutive object numbers, 20-byte entries. */
function xrefTable(offsets: Map<number, { offset: number; generation: number }>): string {
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  let out = 'xref\n';
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    out += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const e = offsets.get(numbers[k]) as { offset: number; generation: number };
      out += `${String(e.offset).padStart(10, '0')} ${String(e.generation).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  return out;
}

/** The offset after the file's last `startxref`. */
export function previousXref(pdf: Buffer): number {
  const at = pdf.lastIndexOf('startxref');
  const m = at === -1 ? null : /^startxref\s+(\d+)/.exec(pdf.subarray(at, at + 40).toString('latin1'));
  if (!m) throw new PdfUnreadableError('PDF has no startxref');
  return Number(m[1]);
}
