import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { embedCachedPng, isPng } from './pdf-images';

const demo = (name: string) => readFileSync(path.resolve(__dirname, '../../../../assets/demo', name));

/** The image XObject and its soft mask as (dictionary without /Length, inflated samples). */
async function embeddedImage(embed: (doc: PDFDocument) => Promise<{ ref: PDFRef }>) {
  const doc = await PDFDocument.create();
  doc.addPage();
  const image = await embed(doc);
  const saved = await PDFDocument.load(await doc.save());
  const read = (ref: PDFRef) => {
    const stream = saved.context.lookup(ref) as PDFRawStream;
    const dict = Object.fromEntries([...stream.dict.entries()]
      .filter(([k]) => k !== PDFName.of('Length') && k !== PDFName.of('SMask')).map(([k, v]) => [k.toString(), v.toString()]));
    return { dict, samples: inflateSync(stream.getContents()) };
  };
  const colour = saved.context.lookup(image.ref) as PDFRawStream;
  const smask = colour.dict.get(PDFName.of('SMask'));
  return { colour: read(image.ref), alpha: smask instanceof PDFRef ? read(smask) : null, dict: colour.dict as PDFDict };
}

describe('PNG images prepared once per process', () => {
  it.each(['seal-ubnd.png', 'signature-1.png'])('%s: the same XObject and soft mask as pdf-lib embedPng', async (name) => {
    const png = demo(name);
    const expected = await embeddedImage(async (doc) => { const i = await doc.embedPng(png); await i.embed(); return i; });
    const first = await embeddedImage((doc) => embedCachedPng(doc, png));
    const second = await embeddedImage((doc) => embedCachedPng(doc, png)); // from the cache
    for (const actual of [first, second]) {
      expect(actual.colour.dict).toEqual(expected.colour.dict);
      expect(actual.colour.samples.equals(expected.colour.samples)).toBe(true);
      expect(actual.alpha?.dict).toEqual(expected.alpha?.dict);
      expect(actual.alpha?.samples.equals(expected.alpha!.samples)).toBe(true);
    }
  });

  it('keeps the drawn size of pdf-lib\'s image (scaleToFit works the same)', async () => {
    const doc = await PDFDocument.create();
    const cached = await embedCachedPng(doc, demo('seal-ubnd.png'));
    expect([cached.width, cached.height]).toEqual([500, 500]);
    expect(cached.scaleToFit(102, 102)).toEqual({ width: 102, height: 102 });
  });

  it('a broken PNG fails every time, it is not cached', async () => {
    const broken = demo('seal-ubnd.png').subarray(0, 33); // the signature and IHDR, no image data
    expect(isPng(broken)).toBe(true);
    await expect(embedCachedPng(await PDFDocument.create(), broken)).rejects.toThrow();
    await expect(embedCachedPng(await PDFDocument.create(), broken)).rejects.toThrow();
  });
});
