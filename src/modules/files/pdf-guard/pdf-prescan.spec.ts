import { PDFDocument } from 'pdf-lib';
import { deflateSync } from 'node:zlib';
import { makeTestPdf } from '../pdf/pdf-test-support';
import { PdfTooComplexError, prescanPdf } from './pdf-prescan';

function withObjectStream(pdf: Buffer, filter: string, payload: Buffer): Buffer {
  const at = pdf.lastIndexOf('xref');
  const obj = Buffer.concat([
    Buffer.from(`99 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter ${filter} /Length ${payload.length} >>\nstream\n`, 'latin1'),
    payload,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  return Buffer.concat([pdf.subarray(0, at), obj, pdf.subarray(at)]);
}

describe('PDF pre-scan (what pdf-lib would inflate at load)', () => {
  it('an ordinary PDF saved with object streams decodes well within the budget', async () => {
    const doc = await PDFDocument.load(await makeTestPdf(3));
    const pdf = Buffer.from(await doc.save({ useObjectStreams: true }));
    const { decodedBytes, streams } = prescanPdf(pdf);
    expect(streams).toBeGreaterThan(0);
    expect(decodedBytes).toBeGreaterThan(0);
    expect(decodedBytes).toBeLessThan(1024 * 1024);
  });

  it('a double-Flate object stream that inflates past the budget is refused', async () => {
    const zeros = deflateSync(Buffer.alloc(8 * 1024 * 1024));
    const pdf = withObjectStream(await makeTestPdf(1), '[/FlateDecode /FlateDecode]', deflateSync(zeros));
    expect(() => prescanPdf(pdf, 4 * 1024 * 1024)).toThrow(PdfTooComplexError);
    expect(prescanPdf(pdf, 16 * 1024 * 1024).decodedBytes).toBe(8 * 1024 * 1024 + zeros.length);
  });

  it('content streams are not charged (pdf-lib does not decode them at load)', async () => {
    const pdf = withObjectStream(await makeTestPdf(1), '/FlateDecode', deflateSync(Buffer.alloc(1024)));
    const contentOnly = Buffer.from(pdf.toString('latin1').replace('/Type /ObjStm', '/Subtype /Form'), 'latin1');
    expect(prescanPdf(contentOnly, 10).decodedBytes).toBe(0);
  });
});
