import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from '@signpdf/utils';
import { createPadesCms } from './cms';
import { toPdfDate } from './pdf-date';
import type { SigningKey } from './pkcs12';

export interface PadesSignOptions {
  reason: string;
  name: string;
  location?: string;
  contactInfo?: string;
  signingTime: Date;
  /** Offset written into /M; Vietnam time by default. */
  timeZoneOffset?: string;
}

export class PadesSigningError extends Error {
  override readonly name = 'PadesSigningError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Room for a CMS with a 3-certificate chain and a later timestamp token. */
const SIGNATURE_LENGTH = 16384;

class PadesCmsSigner extends Signer {
  constructor(private readonly key: SigningKey) {
    super();
  }

  override sign(pdfBuffer: Buffer): Promise<Buffer> {
    return createPadesCms(pdfBuffer, this.key);
  }
}

/**
 * Appends a signature (PAdES B-B, ETSI.CAdES.detached, invisible widget) as an incremental update:
 * every byte of `pdf` is kept, so earlier signatures stay valid. The input needs a classic xref table.
 */
export async function signPdfIncremental(pdf: Buffer, key: SigningKey, o: PadesSignOptions): Promise<Buffer> {
  const pdfDate = toPdfDate(o.signingTime, o.timeZoneOffset ?? '+07:00');
  const texts = new TextFields();
  let withPlaceholder: Buffer;
  try {
    withPlaceholder = plainAddPlaceholder({
      pdfBuffer: endWithEofLine(pdf),
      reason: texts.add(o.reason),
      name: texts.add(o.name),
      location: texts.add(o.location ?? ''),
      contactInfo: texts.add(o.contactInfo ?? ''),
      // placeholder-plain writes a Date as UTC ('Z'); a String object is written verbatim as a literal.
      signingTime: new String(pdfDate) as unknown as Date,
      signatureLength: SIGNATURE_LENGTH,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      appName: 'vanthu',
    });
  } catch (error) {
    throw new PadesSigningError(`Cannot add a signature field: ${(error as Error).message}`, { cause: error });
  }
  if (!withPlaceholder.includes(`/M (${pdfDate})`)) throw new PadesSigningError('Signing time was not written to /M');
  return new SignPdf().sign(texts.patch(withPlaceholder), new PadesCmsSigner(key));
}

/**
 * placeholder-plain appends its objects with Buffer.from(string) (UTF-8), which corrupts the UTF-16 it
 * builds for non-ASCII text. So non-ASCII values go in as ASCII markers of the final length and are
 * replaced by UTF-16BE hex strings afterwards, before any byte is hashed; xref offsets stay valid.
 */
class TextFields {
  private readonly pending: Array<{ marker: string; hex: string }> = [];

  add(text: string): string {
    if (/^[\x20-\x7e]*$/.test(text)) return text;
    const hex = `<FEFF${Buffer.from(text.normalize('NFC'), 'utf16le').swap16().toString('hex').toUpperCase()}>`;
    const id = `VANTHU${this.pending.length}`;
    // The marker is written as (marker), so it is two characters shorter than the hex string.
    const marker = id + '_'.repeat(hex.length - 2 - id.length);
    this.pending.push({ marker, hex });
    return marker;
  }

  patch(pdf: Buffer): Buffer {
    for (const { marker, hex } of this.pending) {
      const at = pdf.lastIndexOf(`(${marker})`);
      if (at === -1) throw new PadesSigningError('Signature dictionary text marker not found');
      pdf.write(hex, at, 'latin1');
    }
    return pdf;
  }
}

/**
 * @signpdf strips one trailing newline before appending; if an earlier signature covers that newline
 * its digest would break, so end the file with an EOF line of our own instead.
 */
function endWithEofLine(pdf: Buffer): Buffer {
  const tail = pdf.subarray(-6).toString('latin1');
  if (tail === '\n%%EOF' || tail === '\r%%EOF') return pdf;
  return Buffer.concat([pdf, Buffer.from('\n%%EOF', 'latin1')]);
}
