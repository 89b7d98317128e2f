import { createHash } from 'node:crypto';
import { PDFContext, type PDFDocument, PDFImage, PDFName, PDFRawStream, PDFRef, PngEmbedder } from 'pdf-lib';

/**
 * Signature and seal images, decoded and compressed once per process.
 *
 * pdf-lib's embedPng inflates the PNG, splits the colour and alpha channels and deflates both again (in
 * JavaScript) for every document: for the 500×500 seal and a 400×160 signature that was ~45 % of the render
 * time of a 3-page issue. The result depends only on the image bytes, so it is kept here, keyed by SHA-256,
 * and each document receives the same compressed XObject streams.
 */
interface PreparedPng {
  width: number;
  height: number;
  bitsPerComponent: number;
  /** FlateDecode stream of the colour samples, as pdf-lib writes it. */
  rgb: Uint8Array;
  /** FlateDecode stream of the alpha channel (the soft mask), if the PNG has one. */
  alpha: Uint8Array | null;
}

/** Enough for every ward's seal and signatures of a province (a prepared seal is ~50 KB). */
const CACHE_BUDGET_BYTES = 64 * 1024 * 1024;
const prepared = new Map<string, Promise<PreparedPng>>();
const sizes = new Map<string, number>();
let cachedBytes = 0;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(8, bytes.byteLength)).equals(PNG_MAGIC);
}

/** Embeds a PNG exactly as `doc.embedPng` would (colour XObject with an SMask), from the per-process cache. */
export async function embedCachedPng(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  const png = await preparedPng(bytes);
  const image = PDFImage.of(doc.context.nextRef(), doc, new PreparedPngEmbedder(png));
  await image.embed();
  return image;
}

function preparedPng(bytes: Uint8Array): Promise<PreparedPng> {
  const key = createHash('sha256').update(bytes).digest('hex');
  const hit = prepared.get(key);
  if (hit) {
    // Least recently used first out: a Map iterates in insertion order, so move the hit to the end.
    prepared.delete(key);
    prepared.set(key, hit);
    return hit;
  }
  const task = preparePng(bytes);
  prepared.set(key, task);
  task.then(
    (png) => {
      if (prepared.get(key) !== task) return;
      const size = png.rgb.byteLength + (png.alpha?.byteLength ?? 0);
      sizes.set(key, size);
      cachedBytes += size;
      evict();
    },
    () => prepared.delete(key), // a broken image is not remembered: the caller gets the error each time
  );
  return task;
}

function evict(): void {
  for (const key of prepared.keys()) {
    if (cachedBytes <= CACHE_BUDGET_BYTES) return;
    const size = sizes.get(key);
    if (size === undefined) continue; // still being prepared
    prepared.delete(key);
    sizes.delete(key);
    cachedBytes -= size;
  }
}

/** Runs pdf-lib's own PNG embedder once, into a scratch context, and keeps the two compressed streams. */
async function preparePng(bytes: Uint8Array): Promise<PreparedPng> {
  const embedder = await PngEmbedder.for(bytes);
  const scratch = PDFContext.create();
  const ref = await embedder.embedIntoContext(scratch);
  const colour = rawStream(scratch, ref);
  const smask = colour.dict.get(PDFName.of('SMask'));
  const alpha = smask instanceof PDFRef ? rawStream(scratch, smask).getContents() : null;
  return { width: embedder.width, height: embedder.height, bitsPerComponent: embedder.bitsPerComponent, rgb: colour.getContents(), alpha };
}

function rawStream(context: PDFContext, ref: PDFRef): PDFRawStream {
  const object = context.lookup(ref);
  if (!(object instanceof PDFRawStream)) throw new Error('pdf-lib PngEmbedder wrote no image stream');
  return object;
}

/**
 * PDFImage accepts only pdf-lib's own embedders (an instanceof check), so this extends PngEmbedder; its
 * constructor just copies width, height and bitsPerComponent from the object it gets. Writes the prepared
 * streams with the same dictionaries as PngEmbedder.embedIntoContext.
 */
const PngEmbedderBase = PngEmbedder as unknown as new (png: PreparedPng) => PngEmbedder;

class PreparedPngEmbedder extends PngEmbedderBase {
  constructor(private readonly png: PreparedPng) {
    super(png);
  }

  override async embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    const { png } = this;
    const SMask = png.alpha
      ? context.register(context.stream(png.alpha, {
        Type: 'XObject', Subtype: 'Image', Height: png.height, Width: png.width, BitsPerComponent: png.bitsPerComponent,
        ColorSpace: 'DeviceGray', Decode: [0, 1], Filter: 'FlateDecode',
      }))
      : undefined;
    const xObject = context.stream(png.rgb, {
      Type: 'XObject', Subtype: 'Image', BitsPerComponent: png.bitsPerComponent, Width: png.width, Height: png.height,
      ColorSpace: this.colorSpace, SMask, Filter: 'FlateDecode',
    });
    if (ref) {
      context.assign(ref, xObject);
      return ref;
    }
    return context.register(xObject);
  }
}
