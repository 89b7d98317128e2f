import { PDFDocument } from 'pdf-lib';

export class PdfUnreadableError extends Error {
  override readonly name = 'PdfUnreadableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface PdfInfo {
  pageCount: number;
  encrypted: boolean;
}

const HEADER_WINDOW = 1024;
/** Writers put %%EOF on the last line; allow trailing garbage some mailers append. */
const EOF_WINDOW = 1024;

/** The PDF spec lets readers accept a header anywhere in the first 1024 bytes. */
export function looksLikePdf(head: Buffer): boolean {
  return head.subarray(0, HEADER_WINDOW).includes('%PDF-', 0, 'latin1');
}

/**
 * pdf-lib recovers from almost anything (a truncated file parses with its last pages missing), so the
 * trailer marker is checked first and zero pages counts as unreadable.
 */
export async function inspectPdf(buf: Buffer): Promise<PdfInfo> {
  if (!looksLikePdf(buf)) throw new PdfUnreadableError('Not a PDF: no %PDF- header');
  if (!buf.subarray(Math.max(0, buf.length - EOF_WINDOW)).includes('%%EOF', 0, 'latin1')) {
    throw new PdfUnreadableError('Truncated PDF: no %%EOF marker at the end');
  }
  const doc = await loadForInspection(buf);
  const pageCount = countPages(doc);
  if (pageCount === 0) throw new PdfUnreadableError('PDF has no pages');
  return { pageCount, encrypted: doc.isEncrypted };
}

async function loadForInspection(buf: Buffer): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(buf, { ignoreEncryption: true, updateMetadata: false });
  } catch (error) {
    throw new PdfUnreadableError(`PDF cannot be parsed: ${(error as Error).message}`, { cause: error });
  }
}

function countPages(doc: PDFDocument): number {
  try {
    return doc.getPageCount();
  } catch (error) {
    throw new PdfUnreadableError(`PDF page tree is broken: ${(error as Error).message}`, { cause: error });
  }
}
