import { useEffect, useRef, useState } from 'react';
import { ApiError, authFetch } from '../api/client';
import { ApiErrorAlert } from './ApiErrorAlert';
import { Alert, Button, Spin } from '../ui';
import type { PDFDocumentProxy } from './pdfjs';

interface Loaded { doc: PDFDocumentProxy; url: string }
interface Failed { error: unknown; url: string | null }

/** Fetches the protected PDF with the bearer token and opens it with pdf.js (imported lazily). */
function usePdf(path: string) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState<Failed | null>(null);
  useEffect(() => {
    let gone = false;
    let url: string | null = null;
    let doc: PDFDocumentProxy | null = null;
    setLoaded(null); setFailed(null);
    (async () => {
      const bytes = await (await authFetch(path)).arrayBuffer();
      url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const { openPdf } = await import('./pdfjs');
      doc = await openPdf(bytes.slice(0));
      if (!gone) setLoaded({ doc, url });
    })().catch((error) => { if (!gone) setFailed({ error, url }); });
    return () => { gone = true; if (url) URL.revokeObjectURL(url); void doc?.destroy(); };
  }, [path]);
  return { loaded, failed };
}

/** A protected PDF drawn page by page on a canvas at the width of its column, with paging, its text and a download link. */
export function PdfView({ path, title }: { path: string; title: string }) {
  const { loaded, failed } = usePdf(path);
  const [page, setPage] = useState(1);
  const [text, setText] = useState('');
  const [drawError, setDrawError] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => { setPage(1); setDrawError(null); }, [loaded]);
  useEffect(() => {
    if (!loaded || !canvas.current || !box.current) return;
    let gone = false;
    const width = Math.max(240, box.current.clientWidth - 2);
    import('./pdfjs')
      .then(({ renderPage }) => renderPage(loaded.doc, Math.min(page, loaded.doc.numPages), canvas.current as HTMLCanvasElement, width))
      .then((t) => { if (!gone) setText(t); }, (e) => { if (!gone) setDrawError(e); });
    return () => { gone = true; };
  }, [loaded, page]);
  const fileName = `${title.replace(/[\\/:*?"<>|]+/g, '-')}.pdf`;
  if (failed?.error instanceof ApiError) return <ApiErrorAlert error={failed.error} />;
  if (failed || drawError) {
    const reason = (failed?.error ?? drawError) as Error;
    const url = failed?.url ?? loaded?.url;
    return (
      <div>
        <Alert type="error" showIcon role="alert" title={`Không hiển thị được tệp PDF trên trang (${reason?.message ?? 'lỗi không rõ'}).`} />
        {url && <a href={url} download={fileName}>Tải về</a>}
      </div>
    );
  }
  if (!loaded) return <Spin />;
  const total = loaded.doc.numPages;
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
