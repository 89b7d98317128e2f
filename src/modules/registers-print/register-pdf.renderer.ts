import { Injectable } from '@nestjs/common';
import { setImmediate as nextTick } from 'node:timers/promises';
import { PDFDocument, PDFName, PDFPage } from 'pdf-lib';
import { embedFont } from '../files/pdf/pdf-fonts';
import { REGISTER_COLUMNS, REGISTER_TITLES, RegisterPrintKind, RegisterRow } from './register-columns';
import { drawCover, drawPageCount, drawPageNumber } from './register-cover';
import type { RegisterHeading } from './register-rows.source';
import { PdfContent, TextMeasure, sharedFontResources } from './pdf-content';
import { RegisterTable, paperFor } from './register-table';

/** How often onRows is told while rows are laid out. */
const PROGRESS_EVERY = 200;
/** Laying out is synchronous work: the event loop gets a turn at least this often (ms). */
const SLICE_MS = 15;

/**
 * A printed register: cover, then the table with its headings repeated on every page, rows that never split
 * across pages, and "Trang n/N" at the foot of each table page.
 *
 * Memory: pdf-lib keeps the whole document until save; each finished page is kept only as its deflated content
 * stream (pdf-content.ts), so the cost grows by a few kilobytes per page (measured in docs/REGISTERS.md).
 */
@Injectable()
export class RegisterPdfRenderer {
  /** Writes the whole PDF to `out` (waiting on drain) and resolves; it does not end `out`. */
  async render(
    heading: RegisterHeading,
    kind: RegisterPrintKind,
    rows: AsyncIterable<RegisterRow>,
    out: NodeJS.WritableStream,
    onRows?: (done: number) => void,
  ): Promise<void> {
    const bytes = await this.renderToBytes(heading, kind, rows, onRows);
    await writeAll(out, bytes);
  }

  async renderToBytes(heading: RegisterHeading, kind: RegisterPrintKind, rows: AsyncIterable<RegisterRow>, onRows?: (done: number) => void): Promise<Uint8Array> {
    const columns = REGISTER_COLUMNS[kind];
    const paper = paperFor(columns);
    const doc = await PDFDocument.create();
    doc.setTitle(`${REGISTER_TITLES[kind]} - ${heading.agencyName} - ${heading.year}`);
    doc.setLanguage('vi-VN');
    doc.setProducer('vanthu');
    doc.setCreator('vanthu');
    const fonts = {
      regular: await embedFont(doc, 'regular'),
      bold: await embedFont(doc, 'bold'),
      italic: await embedFont(doc, 'italic'),
    };
    const resources = sharedFontResources(doc, [fonts.regular, fonts.bold, fonts.italic]);
    const newPage = (): PDFPage => {
      const page = doc.addPage([paper.width, paper.height]);
      page.node.set(PDFName.of('Resources'), resources.ref);
      return page;
    };
    const table = new RegisterTable(columns, paper, fonts);
    const content = new PdfContent(resources.names);

    const cover = newPage();
    drawCover(content, paper, fonts, kind, heading);
    content.flushTo(doc, cover);

    const pages: PDFPage[] = [];
    let page: PDFPage | null = null;
    let y = 0;
    let done = 0;
    let sliceStart = performance.now();
    for await (const row of rows) {
      const laid = table.layRow(row);
      if (!page || y - laid.height < paper.margin.bottom - 0.01) {
        if (page) content.flushTo(doc, page);
        page = newPage();
        pages.push(page);
        y = table.drawHeaders(content);
      }
      y = table.drawBodyRow(content, laid, y);
      done++;
      if (done % PROGRESS_EVERY === 0) onRows?.(done);
      if (performance.now() - sliceStart > SLICE_MS) {
        await nextTick();
        sliceStart = performance.now();
      }
    }
    if (!page) {
      // An empty period still prints the headings, so the register shows that nothing was registered.
      page = newPage();
      pages.push(page);
      table.drawHeaders(content);
    }
    content.flushTo(doc, page);
    onRows?.(done);

    const numbers = new TextMeasure(fonts.regular);
    for (let i = 0; i < pages.length; i++) {
      drawPageNumber(content, paper, fonts, numbers, i + 1, pages.length);
      content.flushTo(doc, pages[i]);
      if (performance.now() - sliceStart > SLICE_MS) {
        await nextTick();
        sliceStart = performance.now();
      }
    }
    drawPageCount(content, paper, fonts, pages.length);
    content.flushTo(doc, cover);
    return doc.save({ useObjectStreams: false, objectsPerTick: 50 });
  }
}

async function writeAll(out: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  const CHUNK = 1 << 20;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const ok = out.write(Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(CHUNK, bytes.length - i)));
    if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
}
