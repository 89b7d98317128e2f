import { PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb } from 'pdf-lib';
import { embedFont, pdfText } from './pdf-fonts';
import { embedCachedPng, isPng } from './pdf-images';
import { PdfUnreadableError } from './pdf-inspect';
import { type TextStyle, drawCentered, mm, pageBox } from './text-layout';

export interface SignatureBlock {
  /** 1–4 authority/position lines, e.g. ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG']; drawn upper case. */
  lines: string[];
  name: string;
}

export interface IssueRenderOptions {
  numberLine: string;
  placeDateLine: string;
  signatureBlock: SignatureBlock;
  signatureImage?: Buffer | null;
  sealImage?: Buffer | null;
}

const BLACK = rgb(0, 0, 0);
const SIZE = 13;
const LINE_HEIGHT = SIZE * 1.2;
/** Decree 30 header columns (Phụ lục I): ô 3 under the agency name, ô 4 under the Quốc hiệu. */
const HEADER = { numberCentreX: mm(55), dateCentreX: mm(140), baselineFromTop: mm(47) };
const BLOCK = {
  centreX: mm(140),
  nameBaselineFromBottom: mm(30),
  signatureGap: mm(25),
  signatureMaxWidth: mm(50),
};
/** Real size of a ward seal. */
const SEAL_DIAMETER = mm(36);

/**
 * Draws the number line, the place-and-date line and the signature block with the signature and seal
 * images. Must run before the first digital signature: saving rewrites the whole file.
 */
export async function renderIssuedDocument(draft: Buffer, o: IssueRenderOptions): Promise<Buffer> {
  validateBlock(o.signatureBlock);
  const doc = await loadDraft(draft);
  const [regular, italic, bold] = await Promise.all([
    embedFont(doc, 'regular'),
    embedFont(doc, 'italic'),
    embedFont(doc, 'bold'),
  ]);
  drawHeaderLines(doc.getPage(0), o, regular, italic);
  const lastPage = doc.getPage(doc.getPageCount() - 1);
  const signatureBox = drawSignatureBlock(lastPage, o.signatureBlock, bold);
  const signature = o.signatureImage ? await embedImage(doc, o.signatureImage, 'signature') : null;
  const seal = o.sealImage ? await embedImage(doc, o.sealImage, 'seal') : null;
  drawSignatureAndSeal(lastPage, signatureBox, signature, seal);
  // placeholder-plain cannot read cross-reference streams, so the signing step needs a classic xref table.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function validateBlock(block: SignatureBlock): void {
  if (block.lines.length < 1 || block.lines.length > 4) {
    throw new RangeError(`Signature block needs 1–4 authority lines, got ${block.lines.length}`);
  }
  if (block.name.trim() === '') throw new RangeError('Signer name is required');
}

async function loadDraft(draft: Buffer): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(draft, { updateMetadata: false });
  } catch (error) {
    throw new PdfUnreadableError(`Draft cannot be rendered: ${(error as Error).message}`, { cause: error });
  }
}

function drawHeaderLines(page: PDFPage, o: IssueRenderOptions, regular: PDFFont, italic: PDFFont): void {
  const box = pageBox(page);
  const baseline = box.top - HEADER.baselineFromTop;
  drawCentered(page, pdfText(o.numberLine), box.left + HEADER.numberCentreX, baseline, { font: regular, size: SIZE, color: BLACK });
  drawCentered(page, pdfText(o.placeDateLine), box.left + HEADER.dateCentreX, baseline, { font: italic, size: SIZE, color: BLACK });
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Draws the authority lines and the name; returns the free area between them for the images. */
function drawSignatureBlock(page: PDFPage, block: SignatureBlock, bold: PDFFont): Box {
  const box = pageBox(page);
  const centreX = box.left + BLOCK.centreX;
  const style: TextStyle = { font: bold, size: SIZE, color: BLACK };
  const nameBaseline = box.bottom + BLOCK.nameBaselineFromBottom;
  const lastLineBaseline = nameBaseline + BLOCK.signatureGap + SIZE;
  block.lines.forEach((line, i) => {
    const baseline = lastLineBaseline + (block.lines.length - 1 - i) * LINE_HEIGHT;
    drawCentered(page, pdfText(line).toLocaleUpperCase('vi'), centreX, baseline, style);
  });
  drawCentered(page, pdfText(block.name.trim()), centreX, nameBaseline, style);
  const bottom = nameBaseline + SIZE;
  const top = lastLineBaseline - SIZE * 0.35;
  return { x: centreX - BLOCK.signatureMaxWidth / 2, y: bottom, width: BLOCK.signatureMaxWidth, height: top - bottom };
}

/** Signature centred in the gap; the seal over its left third (Decree 30 Phụ lục I, ô 8). */
function drawSignatureAndSeal(page: PDFPage, area: Box, signature: PDFImage | null, seal: PDFImage | null): void {
  const fitted = signature ? signature.scaleToFit(area.width, area.height) : { width: area.width * 0.8, height: area.height };
  const sig: Box = {
    x: area.x + (area.width - fitted.width) / 2,
    y: area.y + (area.height - fitted.height) / 2,
    width: fitted.width,
    height: fitted.height,
  };
  if (signature) page.drawImage(signature, sig);
  if (!seal) return;
  const size = seal.scaleToFit(SEAL_DIAMETER, SEAL_DIAMETER);
  page.drawImage(seal, {
    x: sig.x + sig.width / 3 - size.width,
    y: sig.y + sig.height / 2 - size.height / 2,
    width: size.width,
    height: size.height,
  });
}

/** A PNG is decoded and compressed once per process (pdf-images.ts); a JPEG is embedded as it is. */
async function embedImage(doc: PDFDocument, bytes: Buffer, what: string): Promise<PDFImage> {
  if (isPng(bytes)) return embedCachedPng(doc, bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return doc.embedJpg(bytes);
  throw new RangeError(`The ${what} image must be a PNG (or JPEG)`);
}
