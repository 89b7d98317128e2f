import { EdxmlError } from './edxml-error';
import type { EdxmlAttachment, EdxmlDocument } from './edxml.types';
import { applyExtensions } from './extensions';
import { DEFAULT_XML_LIMITS } from './safe-xml';
import { writeMessageHeader, writeTraceHeaderList } from './message-header-writer';
import { XmlWriter } from './xml-writer';

/**
 * Builds an edXML document package (DOMAIN.md §2.2): envelope (header + manifest) then the base64 attachments,
 * each attachment named in the manifest by its ContentId. The result is unsigned; sign it with signEdxml.
 */
export function buildEdxmlMessage(doc: EdxmlDocument): string {
  if (!doc || typeof doc !== 'object') throw new EdxmlError('Thiếu nội dung văn bản để đóng gói');
  const w = new XmlWriter();
  const ext = doc.extensions;
  const envelope = w.el(w.root, 'edXMLEnvelope');
  const header = w.el(envelope, 'edXMLHeader');
  writeMessageHeader(w, header, doc);
  writeTraceHeaderList(w, header, doc);
  applyExtensions(w, ext, 'edXMLHeader', header);

  const attachments = checkAttachments(doc.attachments);
  const body = w.el(envelope, 'edXMLBody');
  const manifest = w.el(body, 'edXMLManifest');
  manifest.setAttribute('version', '1.0');
  attachments.forEach((a, i) => {
    const ref = w.el(manifest, 'Reference');
    w.leaf(ref, 'ContentId', a.contentId);
    w.leaf(ref, 'ContentType', a.contentType);
    w.leaf(ref, 'Description', a.description);
    w.leaf(ref, 'AttachmentName', a.fileName);
    applyExtensions(w, ext, `edXMLManifest/Reference[${i}]`, ref);
  });
  applyExtensions(w, ext, 'edXMLManifest', manifest);
  applyExtensions(w, ext, 'edXMLBody', body);
  applyExtensions(w, ext, 'edXMLEnvelope', envelope);

  const encoded = w.el(w.root, 'AttachmentEncoded', false);
  attachments.forEach((a, i) => {
    const att = w.el(encoded, 'Attachment', false);
    w.leaf(att, 'ContentId', a.contentId, false);
    w.leaf(att, 'AttachmentName', a.fileName, false);
    w.leaf(att, 'Description', a.description, false);
    w.leaf(att, 'ContentType', a.contentType, false);
    w.leafAlways(att, 'ContentTransferEncoded', a.data.toString('base64'));
    applyExtensions(w, ext, `AttachmentEncoded/Attachment[${i}]`, att);
  });
  applyExtensions(w, ext, 'AttachmentEncoded', encoded);
  applyExtensions(w, ext, 'edXML', w.root);
  const xml = w.toString();
  const size = Buffer.byteLength(xml, 'utf8');
  if (size > DEFAULT_XML_LIMITS.maxBytes) {
    // Receivers (vanthu included) refuse bigger packages; base64 makes attachments a third larger.
    const mb = (n: number) => Math.round(n / (1024 * 1024));
    throw new EdxmlError(`Gói tin quá lớn (${mb(size)} MB, tối đa ${mb(DEFAULT_XML_LIMITS.maxBytes)} MB): tổng dung lượng tệp đính kèm tối đa khoảng ${Math.floor((DEFAULT_XML_LIMITS.maxBytes * 3) / 4 / (1024 * 1024))} MB`, 'attachments');
  }
  return xml;
}

function checkAttachments(list: EdxmlAttachment[] | undefined): EdxmlAttachment[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new EdxmlError('Danh sách tệp đính kèm không hợp lệ', 'attachments');
  const seen = new Set<string>();
  return list.map((a, i) => {
    const field = `attachments[${i}]`;
    if (!a?.contentId?.trim()) throw new EdxmlError('Tệp đính kèm thiếu ContentId', `${field}.contentId`);
    const key = contentKey(a.contentId);
    if (seen.has(key)) throw new EdxmlError(`Hai tệp đính kèm trùng ContentId "${a.contentId}"`, `${field}.contentId`);
    seen.add(key);
    if (!a.fileName?.trim()) throw new EdxmlError('Tệp đính kèm thiếu tên tệp', `${field}.fileName`);
    if (!a.contentType?.trim()) throw new EdxmlError('Tệp đính kèm thiếu kiểu nội dung (ContentType)', `${field}.contentType`);
    if (!Buffer.isBuffer(a.data)) throw new EdxmlError('Tệp đính kèm không có nội dung', `${field}.data`);
    return { ...a, contentId: a.contentId.trim(), contentType: a.contentType.trim() };
  });
}

/** ContentIds compare without the `cid:` scheme and angle brackets (`cid:209`, `<209>` and `209` are one id). */
export function contentKey(contentId: string): string {
  return contentId.trim().replace(/^cid:/i, '').replace(/^<(.*)>$/, '$1');
}
