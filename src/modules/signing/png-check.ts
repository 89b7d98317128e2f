import { inflateSync } from 'node:zlib';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIDE = 3000;
// Bytes per pixel for 8-bit samples, by colour type; 4 = grey + alpha, 6 = RGBA (the ones with their own alpha).
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export class PngRejectedError extends Error {}

export const isPng = (buf: Buffer) => buf.length >= 8 && buf.subarray(0, 8).equals(PNG_MAGIC);

/**
 * Structural check of an uploaded signature or seal image, in milliseconds: chunks, size, transparency, and image data
 * that inflates to exactly what the header promises. A truncated or padded PNG otherwise reaches pdf-lib at every issue
 * and was measured to cost ~44 s of CPU there each time (B4 investigation).
 */
export function checkPng(buf: Buffer): { width: number; height: number } {
  if (!isPng(buf)) throw new PngRejectedError('không phải tệp PNG');
  let pos = 8;
  let ihdr: Buffer | null = null;
  let transparent = false;
  let ended = false;
  const idat: Buffer[] = [];
  while (pos + 8 <= buf.length && !ended) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (end > buf.length) throw new PngRejectedError('tệp PNG bị cắt cụt');
    const data = buf.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') ihdr = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'tRNS') transparent = true;
    else if (type === 'IEND') ended = true;
    pos = end;
  }
  if (!ihdr || ihdr.length < 13 || !ended || !idat.length) throw new PngRejectedError('tệp PNG thiếu phần bắt buộc (IHDR, IDAT, IEND)');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8];
  const colourType = ihdr[9];
  const interlaced = ihdr[12] === 1;
  if (!width || !height || width > MAX_SIDE || height > MAX_SIDE) throw new PngRejectedError(`kích thước ảnh phải từ 1 đến ${MAX_SIDE} điểm ảnh mỗi chiều`);
  const channels = CHANNELS[colourType];
  if (!channels || bitDepth !== 8) throw new PngRejectedError('chỉ nhận ảnh PNG 8 bit mỗi kênh');
  if (colourType !== 4 && colourType !== 6 && !transparent) throw new PngRejectedError('ảnh phải có nền trong suốt (kênh alpha)');
  if (interlaced) throw new PngRejectedError('không nhận ảnh PNG xen kẽ (interlaced)');
  const expected = (width * channels + 1) * height;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw new PngRejectedError('dữ liệu ảnh PNG bị hỏng');
  }
  if (raw.length !== expected) throw new PngRejectedError('dữ liệu ảnh PNG không khớp kích thước khai báo');
  return { width, height };
}
