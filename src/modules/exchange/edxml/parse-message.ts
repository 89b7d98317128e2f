import type { Element } from '@xmldom/xmldom';
import { contentKey } from './build-message';
import { child, children, optText, optToken, reqElement, textOf } from './dom-read';
import { EdxmlError } from './edxml-error';
import { EDXML_NAMESPACE, type EdxmlAttachment, type EdxmlDocument } from './edxml.types';
import { ExtensionCollector } from './extensions';
import { readMessageHeader, readTraceHeaderList } from './message-header-reader';
import { parseSafeXml, type XmlLimits } from './safe-xml';

/**
 * Reads an edXML document package into the model. Throws EdxmlError with a Vietnamese reason (fit for a status 02)
 * on unsafe XML, a wrong root, a missing required field or an attachment that cannot be decoded. Does NOT check the
 * XML signature: call verifyEdxml on the same bytes for that.
 */
export function parseEdxmlMessage(xml: string | Buffer, limits?: XmlLimits): EdxmlDocument {
  return readDocumentPackage(parseSafeXml(xml, limits).root);
}

export function assertEdxmlRoot(root: Element): void {
  if (root.localName !== 'edXML' || root.namespaceURI !== EDXML_NAMESPACE) {
    throw new EdxmlError(`Không phải gói tin edXML theo QCVN 102:2016 (phần tử gốc ${root.localName ?? '?'}, không gian tên ${root.namespaceURI ?? 'trống'})`);
  }
}

export function readDocumentPackage(root: Element): EdxmlDocument {
  assertEdxmlRoot(root);
  const x = new ExtensionCollector();
  x.collect('edXML', root, ['edXMLEnvelope', 'AttachmentEncoded']);
  const envelope = x.collect('edXMLEnvelope', reqElement(root, 'edXML', 'edXMLEnvelope'), ['edXMLHeader', 'edXMLBody'])!;
  const header = x.collect('edXMLHeader', reqElement(envelope, 'edXMLEnvelope', 'edXMLHeader'), ['MessageHeader', 'TraceHeaderList', 'Signature'])!;
  const mh = child(header, 'MessageHeader');
  if (!mh) {
    if (child(header, 'Status')) throw new EdxmlError('Đây là gói tin trạng thái, không phải gói tin văn bản');
    throw new EdxmlError('Gói tin thiếu phần MessageHeader', 'edXMLHeader/MessageHeader');
  }
  const result: EdxmlDocument = {
    ...readMessageHeader(mh, x),
    ...readTraceHeaderList(child(header, 'TraceHeaderList'), x),
    attachments: readAttachments(root, envelope, x),
  };
  const extensions = x.result();
  if (extensions) result.extensions = extensions;
  return result;
}

interface ManifestEntry { contentId: string; contentType?: string; description?: string; fileName?: string }

function readManifest(envelope: Element, x: ExtensionCollector): ManifestEntry[] {
  const body = x.collect('edXMLBody', child(envelope, 'edXMLBody'), ['edXMLManifest']);
  const manifest = x.collect('edXMLManifest', child(body, 'edXMLManifest'), ['Reference'], ['version']);
  return children(manifest, 'Reference').map((ref, i) => {
    x.collect(`edXMLManifest/Reference[${i}]`, ref, ['ContentId', 'ContentType', 'Description', 'AttachmentName'], ['href']);
    const href = ref.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || ref.getAttribute('href') || undefined;
    const contentId = optToken(ref, 'ContentId') ?? href;
    if (!contentId) throw new EdxmlError('Mục trong danh mục tệp đính kèm thiếu ContentId', `edXMLManifest/Reference[${i}]`);
    return { contentId, contentType: optToken(ref, 'ContentType'), description: optText(ref, 'Description'), fileName: optText(ref, 'AttachmentName') };
  });
}

function readAttachments(root: Element, envelope: Element, x: ExtensionCollector): EdxmlAttachment[] {
  const manifest = readManifest(envelope, x);
  const byKey = new Map(manifest.map((m) => [contentKey(m.contentId), m]));
  const encoded = x.collect('AttachmentEncoded', child(root, 'AttachmentEncoded'), ['Attachment']);
  const seen = new Set<string>();
  const attachments = children(encoded, 'Attachment').map((el, i) => {
    const path = `AttachmentEncoded/Attachment[${i}]`;
    x.collect(path, el, ['ContentId', 'AttachmentName', 'Description', 'ContentType', 'ContentTransferEncoded']);
    const contentId = optToken(el, 'ContentId');
    if (!contentId) throw new EdxmlError('Tệp đính kèm thiếu ContentId', path);
    const key = contentKey(contentId);
    if (seen.has(key)) throw new EdxmlError(`Hai tệp đính kèm trùng ContentId "${contentId}"`, path);
    seen.add(key);
    const m = byKey.get(key);
    const fileName = optText(el, 'AttachmentName') ?? m?.fileName;
    const attachment: EdxmlAttachment = {
      contentId,
      contentType: optToken(el, 'ContentType') ?? m?.contentType ?? 'application/octet-stream',
      fileName: fileName ?? contentKey(contentId),
      data: decodeBase64(textOf(child(el, 'ContentTransferEncoded')), fileName ?? contentId, path),
    };
    const description = optText(el, 'Description') ?? m?.description;
    if (description !== undefined) attachment.description = description;
    return attachment;
  });
  for (const m of manifest) {
    if (!seen.has(contentKey(m.contentId))) {
      throw new EdxmlError(`Tệp "${m.fileName ?? m.contentId}" có trong danh mục nhưng không có nội dung trong gói tin`, 'AttachmentEncoded');
    }
  }
  return attachments;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(raw: string | undefined, name: string, path: string): Buffer {
  if (raw === undefined) throw new EdxmlError(`Tệp "${name}" không có nội dung (ContentTransferEncoded)`, path);
  const compact = raw.replace(/[\s]+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw new EdxmlError(`Nội dung tệp "${name}" không phải base64 hợp lệ`, path);
  return Buffer.from(compact, 'base64');
}
