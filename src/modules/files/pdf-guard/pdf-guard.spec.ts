import type { AppConfig } from '../../../config/app-config';
import { makeTestPdf } from '../pdf/pdf-test-support';
import { PdfGuard } from './pdf-guard';

describe('PdfGuard (worker thread with limits)', () => {
  let guard: PdfGuard;
  afterEach(() => guard.onModuleDestroy());

  it('counts the pages of an ordinary PDF on the worker', async () => {
    guard = new PdfGuard({ pdfParseTimeoutMs: 30_000 } as AppConfig);
    await expect(guard.inspectBytes(await makeTestPdf(3))).resolves.toEqual({ pageCount: 3 });
  });

  it('a file that outlasts the time limit is refused as PDF_TOO_COMPLEX, the worker is killed, and a fresh one serves the next file', async () => {
    guard = new PdfGuard({ pdfParseTimeoutMs: 1 } as AppConfig);
    const pdf = await makeTestPdf(2);
    await expect(guard.inspectBytes(pdf)).rejects.toMatchObject({ code: 'PDF_TOO_COMPLEX' });
    (guard as unknown as { limits: { timeoutMs: number } }).limits.timeoutMs = 30_000;
    await expect(guard.inspectBytes(pdf)).resolves.toEqual({ pageCount: 2 });
  });

  it('refuses bytes that are not a PDF (415) and a damaged PDF (422 FILE_UNREADABLE)', async () => {
    guard = new PdfGuard({ pdfParseTimeoutMs: 30_000 } as AppConfig);
    await expect(guard.inspectBytes(Buffer.from('hello'))).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
    await expect(guard.inspectBytes(Buffer.from('%PDF-1.7\nrác\n%%EOF\n'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
