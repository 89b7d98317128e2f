import { PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER, Signer } from '@signpdf/utils';
import { createPadesCms } from '../../src/modules/signing/crypto/cms';
import type { SigningKey } from '../../src/modules/signing/crypto/pkcs12';
import { appendRevision } from '../../src/modules/files/pdf/incremental-update';

/** Helpers for specs: opening a PDF the way the web viewer does (pdf.js), and signing a file that uses xref streams. */

export interface PdfJsReading {
  numPages: number;
  /** Page text joined by spaces. */
  text: string;
  /** Warnings pdf.js printed while opening it (e.g. "Indexing all PDF objects" when the xref chain is broken). */
  warnings: string[];
}

/** Opens `pdf` with pdfjs-dist (getDocument → numPages → getTextContent of `page`), collecting pdf.js's warnings. */
export async function readWithPdfJs(pdf: Buffer, page = 1): Promise<PdfJsReading> {
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const warnings: string[] = [];
  const original = { log: console.log, warn: console.warn };
  const collect = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  console.log = collect;
  console.warn = collect;
  const task = lib.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: lib.VerbosityLevel.WARNINGS });
  try {
    const doc = await task.promise;
    const content = await (await doc.getPage(page)).getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
    return { numPages: doc.numPages, text, warnings };
  } finally {
    await task.destroy();
    Object.assign(console, original);
  }
}

class CmsSigner extends Signer {
  constructor(private readonly key: SigningKey) {
    super();
  }

  override sign(data: Buffer): Promise<Buffer> {
    return createPadesCms(data, this.key);
  }
}

/**
 * Signs `pdf` (invisible PAdES signature) in a revision written by appendRevision — so a file whose last section is an
 * xref stream gets an xref-stream revision, as another agency's software produces. Test fixture only.
 */
export async function signInRevision(pdf: Buffer, key: SigningKey, signingTime: string): Promise<Buffer> {
  const prepared = await appendRevision(pdf, async (doc) => {
    const c = doc.context;
    const sig = c.register(c.obj({
      Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.CAdES.detached',
      ByteRange: [0, PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER), PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER), PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER)],
      Contents: PDFHexString.of('0'.repeat(16384 * 2)),
      M: PDFString.of(signingTime),
    }));
    const page = doc.getPage(0);
    const widget = c.register(c.obj({
      Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: sig, T: PDFString.of('Signature1'), F: PDFNumber.of(132), P: page.ref,
    }));
    page.node.addAnnot(widget);
    doc.catalog.set(PDFName.of('AcroForm'), c.obj({ Fields: [widget], SigFlags: 3 }));
  });
  return new SignPdf().sign(prepared, new CmsSigner(key));
}
