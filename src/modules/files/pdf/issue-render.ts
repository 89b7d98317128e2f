import { PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb } from 'pdf-lib';
import { embedFont, pdfText } from './pdf-fonts';
import { embedCachedPng, isPng } from './pdf-images';
import { DECREE30_LAYOUT } from './decree30-layout';
import type { DraftPlacement } from './draft-anchors';
import { appendRevision, isolateExistingContent } from './incremental-update';
import { PdfUnreadableError } from './pdf-inspect';
import { type TextStyle, drawCentered, pageBox } from './text-layout';

export interface SignatureBlock {
  /** 1–4 authority/position lines, e.g. ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG']; drawn upper case. */
  lines: string[];
  name: string;
}

export interface IssueRenderOptions {
  numberLine: string;
  placeDateLine: string;
  /** Anchors found in an uploaded draft (draft-anchors.ts); absent: the Decree 30 layout positions (composed documents). */
  placement?: DraftPlacement | null;
  signatureBlock: SignatureBlock;
  signatureImage?: Buffer | null;
  sealImage?: Buffer | null;
}

const BLACK = rgb(0, 0, 0);
const L = DECREE30_LAYOUT;
const SIZE = L.signatureBlock.size;
const LINE_HEIGHT = SIZE * L.signatureBlock.lineHeight;
const BLOCK = L.signatureBlock;
const SEAL_DIAMETER = L.sealDiameter;

/**
 * Draws the number line, the place-and-date line and the signature block with the signature and seal
 * images in one pass. Used for documents signed before the signing order changed (no signer's copy);
 * must run before the first digital signature: saving rewrites the whole file.
 */
export async function renderIssuedDocument(draft: Buffer, o: IssueRenderOptions): Promise<Buffer> {
  validateBlock(o.signatureBlock);
  const doc = await loadDraft(draft);
  const [regular, italic] = await Promise.all([embedFont(doc, 'regular'), embedFont(doc, 'italic')]);
  drawHeaderLines(doc.getPage(0), o, regular, italic);
  const { g, signature } = await drawSignerPart(doc, o.signatureBlock, o.signatureImage ?? null, o.placement);
  if (o.sealImage) drawSeal(lastPageOf(doc), g, await embedImage(doc, o.sealImage, 'seal'), signature);
  // placeholder-plain cannot read cross-reference streams, so the signing step needs a classic xref table.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export interface SignerCopyOptions {
  signatureBlock: SignatureBlock;
  placement?: DraftPlacement | null;
  signatureImage?: Buffer | null;
}

/**
 * The copy the signer signs (Decree 30 order): the signature block and the signer's image in the content, no number
 * and no date yet — those come in a later revision at issue (appendIssueRevision), after this copy is signed.
 */
export async function renderSignerCopy(draft: Buffer, o: SignerCopyOptions): Promise<Buffer> {
  validateBlock(o.signatureBlock);
  const doc = await loadDraft(draft);
  await drawSignerPart(doc, o.signatureBlock, o.signatureImage ?? null, o.placement);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export interface IssueRevisionOptions {
  numberLine: string;
  placeDateLine: string;
  placement?: DraftPlacement | null;
  signatureBlock: SignatureBlock;
  /** The signer's image as drawn in the signed copy: the seal goes over its left third. */
  signatureImage?: Buffer | null;
  sealImage?: Buffer | null;
}

/**
 * Adds the number, the date and the seal to the signer's signed copy as an incremental revision, so the signer's
 * signature stays valid (it covers its own revision); the agency's signature is applied after this.
 */
export async function appendIssueRevision(signed: Buffer, o: IssueRevisionOptions): Promise<Buffer> {
  validateBlock(o.signatureBlock);
  return appendRevision(signed, async (doc) => {
    const first = doc.getPage(0);
    const last = lastPageOf(doc);
    isolateExistingContent(doc, first);
    if (last !== first) isolateExistingContent(doc, last);
    const [regular, italic] = await Promise.all([embedFont(doc, 'regular'), embedFont(doc, 'italic')]);
    drawHeaderLines(first, o, regular, italic);
    if (!o.sealImage) return;
    const signature = o.signatureImage ? await embedImage(doc, o.signatureImage, 'signature') : null;
    drawSeal(last, blockGeometry(last, o.signatureBlock, o.placement), await embedImage(doc, o.sealImage, 'seal'), signature);
  });
}

const lastPageOf = (doc: PDFDocument) => doc.getPage(doc.getPageCount() - 1);

/** The signature block's lines and name (unless the draft prints its own), and the signer's image; returns the geometry. */
async function drawSignerPart(doc: PDFDocument, block: SignatureBlock, image: Buffer | null, placement?: DraftPlacement | null): Promise<{ g: Geometry; signature: PDFImage | null }> {
  const bold = await embedFont(doc, 'bold');
  const page = lastPageOf(doc);
  const g = blockGeometry(page, block, placement);
  drawSignatureBlock(page, block, bold, g);
  const signature = image ? await embedImage(doc, image, 'signature') : null;
  if (signature) page.drawImage(signature, fitSignature(g.area, signature));
  return { g, signature };
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
  if (o.placement?.number && o.placement.date) return drawAtAnchors(page, o, o.placement.number, o.placement.date, regular, italic);
  drawCentered(page, pdfText(o.numberLine), box.left + L.numberLine.centreX, box.top - L.numberLine.baselineFromTop, { font: regular, size: L.numberLine.size, color: BLACK });
  drawCentered(page, pdfText(o.placeDateLine), box.left + L.dateLine.centreX, box.top - L.dateLine.baselineFromTop, { font: italic, size: L.dateLine.size, color: BLACK });
}

/** Only what the draft leaves blank: the number (or symbol) after its "Số:", the day, month and year in its date line. */
function drawAtAnchors(page: PDFPage, o: IssueRenderOptions, n: NonNullable<DraftPlacement['number']>, d: NonNullable<DraftPlacement['date']>, regular: PDFFont, italic: PDFFont): void {
  const box = pageBox(page);
  const symbol = o.numberLine.replace(/^Số:\s*/, '');
  const numberStyle = { font: regular, size: n.size, color: BLACK };
  if (n.mode === 'digits') {
    const digits = pdfText(symbol.split('/')[0]);
    // Right against the "/" so it reads "Số:     12/TB-UBND", as when typed in.
    page.drawText(digits, { x: box.left + n.right - regular.widthOfTextAtSize(digits, n.size), y: box.bottom + n.baseline, ...numberStyle });
  } else {
    page.drawText(pdfText(symbol), { x: box.left + n.x + regular.widthOfTextAtSize(' ', n.size), y: box.bottom + n.baseline, ...numberStyle });
  }
  const m = /ngày\s+(\S+)\s+tháng\s+(\S+)\s+năm\s+(\S+)/.exec(o.placeDateLine.normalize('NFC'));
  if (!m) throw new RangeError(`Place-and-date line without day, month and year: ${o.placeDateLine}`);
  const dateStyle = { font: italic, size: d.size, color: BLACK };
  drawCentered(page, pdfText(m[1]), box.left + d.day, box.bottom + d.baseline, dateStyle);
  drawCentered(page, pdfText(m[2]), box.left + d.month, box.bottom + d.baseline, dateStyle);
  if (d.year !== null) drawCentered(page, pdfText(m[3]), box.left + d.year, box.bottom + d.baseline, dateStyle);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the block's parts go on the last page, in page coordinates. */
interface Geometry {
  centreX: number;
  /** Baselines of the authority lines; empty when the draft prints its own block. */
  lineBaselines: number[];
  /** null: the draft prints the signer's name itself. */
  nameBaseline: number | null;
  /** Where the signature image (and the seal over its left third) go. */
  area: Box;
  /** Nothing of the signature reaches left of this (the draft's "Nơi nhận" list). */
  minX: number;
}

function blockGeometry(page: PDFPage, block: SignatureBlock, placement?: DraftPlacement | null): Geometry {
  const box = pageBox(page);
  const at = placement?.signature;
  if (at?.kind === 'own') {
    const minX = box.left + at.minX;
    const x = Math.max(box.left + at.area.x, minX);
    const area = { x, y: box.bottom + at.area.y, width: box.left + at.area.x + at.area.width - x, height: at.area.height };
    return { centreX: box.left + at.centreX, lineBaselines: [], nameBaseline: at.nameBaseline === null ? null : box.bottom + at.nameBaseline, area, minX };
  }
  const centreX = box.left + BLOCK.centreX;
  // Drafts: the first authority line where the anchors put it (level with "Nơi nhận"); composed documents: the name
  // at its Decree 30 layout height.
  const first = at?.kind === 'block' ? box.bottom + at.firstBaseline : null;
  const lastLine = first !== null ? first - (block.lines.length - 1) * LINE_HEIGHT : box.bottom + BLOCK.nameBaselineFromBottom + BLOCK.signatureGap + SIZE;
  const nameBaseline = lastLine - SIZE - BLOCK.signatureGap;
  const lineBaselines = block.lines.map((_, i) => lastLine + (block.lines.length - 1 - i) * LINE_HEIGHT);
  const low = nameBaseline + SIZE;
  const area = { x: centreX - BLOCK.signatureMaxWidth / 2, y: low, width: BLOCK.signatureMaxWidth, height: lastLine - SIZE * 0.35 - low };
  return { centreX, lineBaselines, nameBaseline, area, minX: at ? box.left + at.minX : -Infinity };
}

/** Draws the authority lines and the name (only the name, or nothing, when the draft prints its own block). */
function drawSignatureBlock(page: PDFPage, block: SignatureBlock, bold: PDFFont, g: Geometry): void {
  const style: TextStyle = { font: bold, size: SIZE, color: BLACK };
  block.lines.forEach((line, i) => {
    if (g.lineBaselines[i] !== undefined) drawCentered(page, pdfText(line).toLocaleUpperCase('vi'), g.centreX, g.lineBaselines[i], style);
  });
  if (g.nameBaseline !== null) drawCentered(page, pdfText(block.name.trim()), g.centreX, g.nameBaseline, style);
}

/** The signature centred in its area (a placeholder box the size of a typical signature when there is none). */
function fitSignature(area: Box, signature: PDFImage | null): Box {
  const fitted = signature ? signature.scaleToFit(area.width, area.height) : { width: area.width * 0.8, height: area.height };
  return { x: area.x + (area.width - fitted.width) / 2, y: area.y + (area.height - fitted.height) / 2, width: fitted.width, height: fitted.height };
}

/**
 * The seal over the left third of the signature (Decree 30 Phụ lục I, ô 8), inside the gap between the position line
 * and the name so it covers no printed text: at most the gap's height across, never left of the "Nơi nhận" list.
 */
function drawSeal(page: PDFPage, g: Geometry, seal: PDFImage, signature: PDFImage | null = null): void {
  const sig = fitSignature(g.area, signature);
  const d = Math.min(SEAL_DIAMETER, g.area.height);
  const size = seal.scaleToFit(d, d);
  const y = sig.y + sig.height / 2 - size.height / 2;
  page.drawImage(seal, {
    x: Math.max(g.minX, sig.x + sig.width / 3 - size.width),
    y: Math.min(Math.max(y, g.area.y), g.area.y + g.area.height - size.height),
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
