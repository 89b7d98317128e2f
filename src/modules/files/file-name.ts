const MAX_NAME_CODE_POINTS = 255;
const FALLBACK_NAME = 'tai-lieu.pdf';
// C0/C1 controls, zero-width characters and bidi overrides: they can disguise an extension ("…\u202Efdp.exe").
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * The client's file name as metadata only: NFC, no directory part, no control or bidi characters, at most 255 code
 * points (the extension kept). It is never used to build a path — blobs are named by their SHA-256.
 */
export function cleanFileName(raw: string | null | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const name = base.replace(INVISIBLE, '').trim();
  if (!name || /^\.+$/.test(name)) return FALLBACK_NAME;
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME_CODE_POINTS) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? Array.from(name.slice(dot)) : [];
  return chars.slice(0, MAX_NAME_CODE_POINTS - ext.length).join('') + ext.join('');
}

/** "Công văn số 12 về đất đai.pdf" → "Cong van so 12 ve dat dai.pdf" for clients that ignore filename*. */
export function asciiFallback(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    // Quotes and backslashes would end the quoted-string; % is decoded by some browsers even in filename=.
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
}

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * unescaped, which attr-char does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 6266: an ASCII `filename` for old clients and the exact UTF-8 name in `filename*` (wins where understood). */
export function contentDisposition(fileName: string, inline = false): string {
  const name = cleanFileName(fileName);
  return `${inline ? 'inline' : 'attachment'}; filename="${asciiFallback(name)}"; filename*=UTF-8''${rfc5987(name)}`;
}
