import { readFile } from 'node:fs/promises';
import { DomainError } from '../../common/errors/domain-error';
import type { BlobStore } from './blob-store';
import type { DocxConverter } from './docx-converter';
import type { PdfGuard } from './pdf-guard/pdf-guard';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A file that passed every check and is in the content-addressed store (no database row yet). */
export interface ReceivedBlob {
  sha256: string;
  size: number;
  pageCount: number;
  fileName: string;
  contentType: 'application/pdf' | typeof DOCX_CONTENT_TYPE;
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/** The names in a ZIP's central directory (the authoritative list), or null when the directory cannot be read. */
export function zipEntryNames(buf: Buffer): string[] | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== ZIP_LOCAL) return null;
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== ZIP_CENTRAL) return null;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** 422: a ZIP that is not a Word document, or one LibreOffice could not convert. */
export const docxUnreadable = () =>
  new DomainError('FILE_UNREADABLE', 'Tệp Word (.docx) bị hỏng hoặc không phải văn bản Word (không có word/document.xml). Hãy mở tệp trong Word, lưu lại rồi gửi lại.', [
    { field: 'file', reason: 'docx_invalid' },
  ]);

const pdfNameFor = (docxName: string) => `${docxName.replace(/\.docx$/i, '') || 'du-thao'}.pdf`;

/**
 * A received ZIP taken as a Word draft: it must hold word/document.xml; LibreOffice converts it in a child process
 * (timeout, concurrency limit: DocxConverter) and the PDF goes through the same guard as an uploaded PDF. Only when all
 * of that succeeds are both blobs put in the store: the .docx byte for byte, and the PDF. Otherwise nothing is stored.
 */
export async function intakeDocx(
  deps: { store: BlobStore; guard: PdfGuard; converter: DocxConverter },
  temp: { tempPath: string; sha256: string; size: number; fileName: string },
): Promise<{ pdf: ReceivedBlob; source: ReceivedBlob }> {
  const docx = await readFile(temp.tempPath);
  if (!zipEntryNames(docx)?.includes('word/document.xml')) throw docxUnreadable();
  let pdf: Buffer;
  try {
    pdf = await deps.converter.toPdf(docx);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'FILE_UNREADABLE' && /giây/.test(e.message)) throw e; // the timeout says so
    throw docxUnreadable();
  }
  const { pageCount } = await deps.guard.inspectBytes(pdf);
  await deps.store.commit(temp.tempPath, temp.sha256);
  const pdfSha = await deps.store.putBuffer(pdf);
  return {
    pdf: { sha256: pdfSha, size: pdf.length, pageCount, fileName: pdfNameFor(temp.fileName), contentType: 'application/pdf' },
    source: { sha256: temp.sha256, size: temp.size, pageCount, fileName: temp.fileName, contentType: DOCX_CONTENT_TYPE },
  };
}
