import { useEffect, useRef, useState } from 'react';
import { authFetch } from '../api/client';
import { ApiErrorAlert } from './ApiErrorAlert';
import { Button, Spin } from '../ui';
import type { PDFDocumentProxy } from './pdfjs';

interface Loaded { doc: PDFDocumentProxy; url: string }

/** Fetches the protected PDF with the bearer token and opens it with pdf.js (imported lazily). */
function usePdf(path: string) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let gone = false;
    let made: Loaded | null = null;
    setLoaded(null); setError(null);
    (async () => {
      const bytes = await (await authFetch(path)).arrayBuffer();
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const { openPdf } = await import('./pdfjs');
      made = { doc: await openPdf(bytes.slice(0)), url };
      if (!gone) setLoaded(made);
    })().catch((e) => { if (!gone) setError(e); });
    return () => { gone = true; if (made) { URL.revokeObjectURL(made.url); void made.doc.destroy(); } };
  }, [path]);
  return { loaded, error };
}

/** A protected PDF drawn page by page on a canvas at the width of its column, with paging, its text and a download link. */
export function PdfView({ path, title }: { path: string; title: string }) {
  const { loaded, error } = usePdf(path);
  const [page, setPage] = useState(1);
  const [text, setText] = useState('');
  const [drawError, setDrawError] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => setPage(1), [loaded]);
  useEffect(() => {
    if (!loaded || !canvas.current || !box.current) return;
    let gone = false;
    const width = Math.max(240, box.current.clientWidth - 2);
    import('./pdfjs')
      .then(({ renderPage }) => renderPage(loaded.doc, Math.min(page, loaded.doc.numPages), canvas.current as HTMLCanvasElement, width))
      .then((t) => { if (!gone) setText(t); }, (e) => { if (!gone) setDrawError(e); });
    return () => { gone = true; };
  }, [loaded, page]);
  if (error || drawError) return <ApiErrorAlert error={error ?? drawError} />;
  if (!loaded) return <Spin />;
  const total = loaded.doc.numPages;
  const fileName = `${title.replace(/[\\/:*?"<>|]+/g, '-')}.pdf`;
  return (
    <div className="pdf-view" role="document" aria-label={title} ref={box}>
      <div className="pdf-toolbar">
        <Button size="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>Trang trước</Button>
        <span aria-live="polite">Trang {page}/{total}</span>
        <Button size="small" disabled={page >= total} onClick={() => setPage(page + 1)}>Trang sau</Button>
        <a href={loaded.url} download={fileName}>Tải về</a>
      </div>
      <canvas ref={canvas} className="pdf-canvas" role="img" aria-label={`${title}, trang ${page}/${total}`} />
      <details className="pdf-text">
        <summary>Nội dung trang {page} dạng chữ</summary>
        <p style={{ whiteSpace: 'pre-wrap' }}>{text || 'Trang này không có chữ đọc được (bản quét).'}</p>
      </details>
    </div>
  );
}
