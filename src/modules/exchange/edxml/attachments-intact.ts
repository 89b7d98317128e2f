import { contentKey } from './build-message';
import type { EdxmlDocument } from './edxml.types';

/**
 * DOMAIN.md defines no per-attachment digest: the attachments are protected by the package signature (verifyEdxml,
 * whose Reference covers `AttachmentEncoded`). This is the structural check left: every attachment has content,
 * a file name and a ContentId of its own.
 */
export function attachmentsIntact(doc: EdxmlDocument): boolean {
  const seen = new Set<string>();
  for (const a of doc.attachments ?? []) {
    if (!Buffer.isBuffer(a.data) || a.data.length === 0 || !a.fileName?.trim() || !a.contentId?.trim()) return false;
    const key = contentKey(a.contentId);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}
