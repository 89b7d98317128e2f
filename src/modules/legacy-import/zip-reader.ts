import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';

export interface ZipLimits { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number }

/**
 * The entries of a ZIP held in memory (an XLSX) and whether it unpacks beyond the limits, before another library (exceljs
 * uses JSZip, which trusts the archive) inflates it: the declared sizes are checked first, then every entry is inflated
 * once and counted, and yauzl's validateEntrySizes stops an entry that inflates to more than it declared.
 */
export async function inspectZip(buf: Buffer, limits: ZipLimits): Promise<{ names: string[]; tooBig: boolean }> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, autoClose: false });
  try {
    if (zip.entryCount > limits.maxEntries) return { names: [], tooBig: true };
    const names: string[] = [];
    let total = 0;
    const entries: Entry[] = [];
    for await (const entry of zip.eachEntry()) {
      names.push(entry.fileName);
      entries.push(entry);
      total += entry.uncompressedSize;
      if (entry.uncompressedSize > limits.maxEntryBytes || total > limits.maxTotalBytes) return { names, tooBig: true };
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) void chunk; // throws when it inflates past its declared size
    }
    return { names, tooBig: false };
  } finally {
    zip.close();
  }
}

export type ZipProblem = 'too_many_entries' | 'entry_too_big' | 'total_too_big' | 'bad_path' | 'encrypted' | 'ratio';

export class ZipRefused extends Error {
  constructor(readonly problem: ZipProblem, readonly entryName: string | null) {
    super(`zip refused: ${problem}${entryName ? ` (${entryName})` : ''}`);
  }
}

/** A file entry's name checked: no absolute path, no "..", no drive letter; directories and macOS metadata are skipped. */
function safeName(entry: Entry): string | null {
  const name = entry.fileName.replace(/\\/g, '/');
  if (name.endsWith('/')) return null;
  if (name.startsWith('__MACOSX/') || name.split('/').pop()?.startsWith('._')) return null;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').includes('..')) throw new ZipRefused('bad_path', name);
  return name;
}

/**
 * Walks a ZIP on disk entry by entry and hands each accepted file to `onEntry` as a Buffer, never holding more than one
 * entry in memory. Refused (ZipRefused): too many entries, an entry or the total over the limit (checked on the declared
 * sizes and again on the bytes actually inflated), a compression ratio no scan has, encrypted entries, unsafe paths.
 * Entry names are only ever compared, never used as paths on disk.
 */
export async function walkZip(path: string, limits: ZipLimits, accept: (name: string) => boolean,
  onEntry: (name: string, data: Buffer) => Promise<void>): Promise<{ skipped: string[] }> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  const skipped: string[] = [];
  try {
    if (zip.entryCount > limits.maxEntries) throw new ZipRefused('too_many_entries', null);
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      const name = safeName(entry);
      if (!name) continue;
      if (!accept(name)) { skipped.push(name); continue; }
      if (entry.isEncrypted()) throw new ZipRefused('encrypted', name);
      if (entry.uncompressedSize > limits.maxEntryBytes) throw new ZipRefused('entry_too_big', name);
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) throw new ZipRefused('total_too_big', name);
      if (entry.compressedSize > 0 && entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / entry.compressedSize > 200) {
        throw new ZipRefused('ratio', name);
      }
      await onEntry(name, await readEntry(zip, entry, limits.maxEntryBytes, name));
    }
    return { skipped };
  } catch (e) {
    // yauzl itself refuses "../x" and "/x" names while reading the directory.
    if (e instanceof Error && !(e instanceof ZipRefused) && /relative path|absolute path|invalid characters/i.test(e.message)) throw new ZipRefused('bad_path', null);
    throw e;
  } finally {
    zip.close();
  }
}

async function readEntry(zip: ZipFile, entry: Entry, max: number, name: string): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      stream.destroy();
      throw new ZipRefused('entry_too_big', name);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
