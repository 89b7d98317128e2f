import { PdfUnreadableError, inspectPdf, looksLikePdf } from './pdf-inspect';
import { makeTestPdf } from './pdf-test-support';

/** Appends an incremental update whose trailer points at an /Encrypt dictionary. */
function markEncrypted(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const root = /\/Root (\d+ \d+ R)/.exec(text)![1];
  const size = Number(/\/Size (\d+)/.exec(text)![1]);
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const objectOffset = pdf.length + 1;
  const object = `\n${size} 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <${'00'.repeat(32)}> /U <${'00'.repeat(32)}> /P -4 >>\nendobj\n`;
  const xrefOffset = pdf.length + object.length;
  const entry = `${String(objectOffset).padStart(10, '0')} 00000 n \n`;
  const id = `<${'ab'.repeat(16)}>`;
  const trailer =
    `xref\n0 1\n0000000000 65535 f \n${size} 1\n${entry}` +
    `trailer\n<< /Size ${size + 1} /Root ${root} /Prev ${prev} /Encrypt ${size} 0 R /ID [${id} ${id}] >>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(object + trailer, 'latin1')]);
}

describe('PDF inspection', () => {
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await makeTestPdf(3);
  });

  it('a real PDF gives its page count', async () => {
    await expect(inspectPdf(pdf)).resolves.toEqual({ pageCount: 3, encrypted: false });
  });

  it('a PDF whose header follows some leading bytes is still a PDF (spec allows 1024)', () => {
    expect(looksLikePdf(Buffer.concat([Buffer.alloc(500, 0x20), pdf]))).toBe(true);
    expect(looksLikePdf(Buffer.concat([Buffer.alloc(1100, 0x20), pdf]))).toBe(false);
  });

  it.each([
    ['ELF executable', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array(56).fill(0)])],
    ['PE executable', Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(60), Buffer.from('PE\0\0')])],
    ['zip archive', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)])],
    ['plain text', Buffer.from('Kính gửi: Ủy ban nhân dân phường. This is not a PDF.')],
    ['empty file', Buffer.alloc(0)],
  ])('a %s named whatever.pdf does not look like a PDF', (_kind, bytes) => {
    expect(looksLikePdf(bytes)).toBe(false);
  });

  it('a truncated PDF (first 60 % of its bytes) is unreadable', async () => {
    const truncated = pdf.subarray(0, Math.floor(pdf.length * 0.6));
    await expect(inspectPdf(truncated)).rejects.toBeInstanceOf(PdfUnreadableError);
  });

  it('a file with a PDF header but garbage inside is unreadable', async () => {
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
    await expect(inspectPdf(garbage)).rejects.toBeInstanceOf(PdfUnreadableError);
  });

  it('a non-PDF is unreadable', async () => {
    await expect(inspectPdf(Buffer.from('hello'))).rejects.toBeInstanceOf(PdfUnreadableError);
  });

  it('an encrypted PDF is accepted and reported as encrypted', async () => {
    await expect(inspectPdf(markEncrypted(pdf))).resolves.toEqual({ pageCount: 3, encrypted: true });
  });
});
