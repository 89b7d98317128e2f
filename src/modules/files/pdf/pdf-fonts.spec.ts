import os from 'node:os';
import path from 'node:path';
import { findFontsDir, loadFontBytes } from './pdf-fonts';

describe('bundled fonts', () => {
  const repo = path.resolve(__dirname, '../../../..');

  it('are found from the source tree and from the compiled dist tree', () => {
    expect(findFontsDir(__dirname)).toBe(path.join(repo, 'assets', 'fonts'));
    expect(findFontsDir(path.join(repo, 'dist', 'src', 'modules', 'files', 'pdf'))).toBe(path.join(repo, 'assets', 'fonts'));
  });

  it('are never looked up outside the repository (no system font fallback)', () => {
    expect(() => findFontsDir(os.tmpdir())).toThrow(/assets\/fonts/);
  });

  it('load all four Liberation Serif styles as TrueType', () => {
    for (const style of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      expect(Buffer.from(loadFontBytes(style).subarray(0, 4)).toString('hex')).toBe('00010000');
    }
  });
});
