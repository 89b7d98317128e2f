import { asciiFallback, cleanFileName, contentDisposition } from './file-name';

describe('file names', () => {
  it('keeps a Vietnamese name, normalized to NFC', () => {
    const decomposed = 'Công văn số 12 về đất đai.pdf'.normalize('NFD');
    expect(cleanFileName(decomposed)).toBe('Công văn số 12 về đất đai.pdf'.normalize('NFC'));
  });

  it('drops any directory part and control or bidi characters', () => {
    expect(cleanFileName('../../etc/passwd.pdf')).toBe('passwd.pdf');
    expect(cleanFileName('C:\\Users\\vt\\to trinh.pdf')).toBe('to trinh.pdf');
    expect(cleanFileName('bao\u0000cao\u202Efdp.exe')).toBe('baocaofdp.exe');
    expect(cleanFileName('..')).toBe('tai-lieu.pdf');
    expect(cleanFileName('')).toBe('tai-lieu.pdf');
  });

  it('shortens a name to 255 characters and keeps its extension', () => {
    const long = `${'đ'.repeat(400)}.pdf`;
    const cleaned = cleanFileName(long);
    expect(Array.from(cleaned)).toHaveLength(255);
    expect(cleaned.endsWith('.pdf')).toBe(true);
  });

  it('gives an ASCII fallback without diacritics, quotes or percent signs', () => {
    expect(asciiFallback('Công văn số 12 về đất đai.pdf')).toBe('Cong van so 12 ve dat dai.pdf');
    expect(asciiFallback('Đề án "A" 50%.pdf')).toBe('De an _A_ 50_.pdf');
  });

  it('writes an RFC 6266 header whose filename* decodes back to the exact name', () => {
    const name = "Công văn (số 12) về đất đai's.pdf";
    const header = contentDisposition(name);
    expect(header).toMatch(/^attachment; filename="Cong van \(so 12\) ve dat dai's\.pdf"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1];
    expect(encoded).not.toMatch(/['()*]/);
    expect(decodeURIComponent(encoded)).toBe(name);
    expect(contentDisposition('a.pdf', true)).toMatch(/^inline; /);
  });
});
