import { PDFContentStream, PDFDocument, type PDFObject, type PDFPage, type PDFRef, PDFStream, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { PdfUnreadableError } from './pdf-inspect';

/**
 * Drawing on a PDF without rewriting it: the existing bytes stay as they are (so every signature over them stays
 * valid) and a new revision is appended — the objects the drawing created or changed (a content stream appended to
 * the page, the page dictionary, fonts and images), an xref section for them and a trailer whose /Prev points at the
 * previous xref. pdf-lib only saves whole files, so it is used to build the objects and this writes the section.
 */
export async function appendRevision(pdf: Buffer, draw: (doc: PDFDocument) => Promise<void>): Promise<Buffer> {
  const doc = await loadForUpdate(pdf);
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
  return Buffer.concat([pdf, writeSection(pdf, doc, changed)]);
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

function writeSection(pdf: Buffer, doc: PDFDocument, objects: Array<[PDFRef, PDFObject]>): Buffer {
  const parts: Buffer[] = [];
  let offset = pdf.length;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) push(Buffer.from('\n', 'latin1'));
  const offsets = new Map<number, { offset: number; generation: number }>();
  for (const [ref, obj] of objects) {
    offsets.set(ref.objectNumber, { offset, generation: ref.generationNumber });
    const body = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    push(Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'), Buffer.from(body), Buffer.from('\nendobj\n', 'latin1')]));
  }
  const xrefAt = offset;
  push(Buffer.from(xrefTable(offsets) + trailer(pdf, doc) + `startxref\n${xrefAt}\n%%EOF`, 'latin1'));
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

function trailer(pdf: Buffer, doc: PDFDocument): string {
  const info = doc.context.trailerInfo;
  const entries = [`/Size ${doc.context.largestObjectNumber + 1}`];
  if (info.Root) entries.push(`/Root ${info.Root.toString()}`);
  if (info.Info) entries.push(`/Info ${info.Info.toString()}`);
  if (info.ID) entries.push(`/ID ${info.ID.toString()}`);
  entries.push(`/Prev ${previousXref(pdf)}`);
  return `trailer\n<<\n${entries.join('\n')}\n>>\n`;
}

/** The offset after the file's last `startxref`. */
export function previousXref(pdf: Buffer): number {
  const at = pdf.lastIndexOf('startxref');
  const m = at === -1 ? null : /^startxref\s+(\d+)/.exec(pdf.subarray(at, at + 40).toString('latin1'));
  if (!m) throw new PdfUnreadableError('PDF has no startxref');
  return Number(m[1]);
}
