/** Excel's rules for a sheet name: 1–31 characters, none of [ ] : * ? / \, not starting or ending with an apostrophe. */
export function sheetName(raw: string, fallback = 'Trang 1'): string {
  const cleaned = raw.normalize('NFC').replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '');
  const cut = Array.from(cleaned).slice(0, 31).join('').trim();
  return cut || fallback;
}
