import { inspectPdf, looksLikePdf, PdfUnreadableError } from './pdf/pdf-inspect';
import { notPdf, pdfUnreadable } from './files.errors';

/**
 * Accepts a complete PDF and returns its page count; refuses with the API's codes:
 * no "%PDF-" in the first 1024 bytes → 415, a PDF that does not parse or is encrypted → 422 FILE_UNREADABLE.
 * Encrypted files are refused because the stamp and the issue rendition cannot be drawn on them.
 */
export async function validatePdf(buf: Buffer): Promise<{ pageCount: number }> {
  if (!looksLikePdf(buf)) throw notPdf();
  try {
    const info = await inspectPdf(buf);
    if (info.encrypted) throw pdfUnreadable('encrypted');
    return { pageCount: info.pageCount };
  } catch (e) {
    if (e instanceof PdfUnreadableError) throw pdfUnreadable('damaged');
    throw e;
  }
}
