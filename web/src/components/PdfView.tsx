import { useEffect, useState } from 'react';
import { fileObjectUrl } from '../api/client';
import { ApiErrorAlert } from './ApiErrorAlert';
import { Spin } from '../ui';

/** A protected PDF shown by the browser's own viewer through a blob URL (the iframe cannot send the bearer token). */
export function PdfView({ path, title }: { path: string; title: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let revoked = false;
    let made: string | null = null;
    setUrl(null); setError(null);
    fileObjectUrl(path).then((u) => { made = u; if (!revoked) setUrl(u); }, setError);
    return () => { revoked = true; if (made) URL.revokeObjectURL(made); };
  }, [path]);
  if (error) return <ApiErrorAlert error={error} />;
  if (!url) return <Spin />;
  return (
    <div>
      <iframe className="pdf-frame" src={url} title={title} />
      <a href={url} target="_blank" rel="noreferrer">Mở tệp trong cửa sổ mới</a>
    </div>
  );
}
