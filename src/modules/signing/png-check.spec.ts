import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { checkPng, PngRejectedError } from './png-check';

const demo = join(__dirname, '../../../assets/demo');
const seal = readFileSync(join(demo, 'seal-ubnd.png'));

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

function png(width: number, height: number, colourType: number, channels: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  const raw = Buffer.alloc((width * channels + 1) * height);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('signature and seal image check', () => {
  it('accepts every shipped demo image (transparent RGBA PNGs)', () => {
    for (const f of readdirSync(demo).filter((n) => n.endsWith('.png'))) expect(checkPng(readFileSync(join(demo, f))).width).toBeGreaterThan(0);
  });

  it('refuses a truncated seal, and a truncated seal padded back to size with zeros', () => {
    const cut = seal.subarray(0, Math.floor(seal.length * 0.6));
    expect(() => checkPng(cut)).toThrow(PngRejectedError);
    expect(() => checkPng(Buffer.concat([cut, Buffer.alloc(seal.length - cut.length)]))).toThrow(PngRejectedError);
  });

  it('refuses an image without transparency, and one with absurd dimensions', () => {
    expect(() => checkPng(png(10, 10, 2, 3))).toThrow(/nền trong suốt/);
    expect(checkPng(png(10, 10, 6, 4))).toEqual({ width: 10, height: 10 });
    expect(() => checkPng(png(4000, 1, 6, 4))).toThrow(/kích thước/);
  });

  it('refuses data that does not inflate to the declared size', () => {
    const ok = png(10, 10, 6, 4);
    const ihdrAt = ok.indexOf('IHDR') + 4;
    const lying = Buffer.from(ok);
    lying.writeUInt32BE(20, ihdrAt + 4);
    expect(() => checkPng(lying)).toThrow(/không khớp/);
  });
});
