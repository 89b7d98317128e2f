import { writeOrgan, writeResponseFor, writeStaff } from './common-parts';
import { EdxmlError } from './edxml-error';
import { toWireTimestamp } from './edxml-dates';
import type { EdxmlStatus } from './edxml.types';
import { applyExtensions } from './extensions';
import { isStatusCode } from './status-codes';
import { XmlWriter } from './xml-writer';

/**
 * Builds a status package (DOMAIN.md §2.4). ⚠️ No public sample of the status envelope was found; the field list is
 * from the status description (ResponseFor, From, StatusCode, Description, Timestamp, StaffInfo). vanthu wraps it
 * like a document package — `edXML/edXMLEnvelope/edXMLHeader/Status` (+ Signature) and an empty `edXMLBody` — and
 * reads that as well as the SOAP form one provincial system sends (`Envelope/Header/Status`).
 */
export function buildStatusMessage(s: EdxmlStatus): string {
  if (!s || typeof s !== 'object') throw new EdxmlError('Thiếu nội dung gói tin trạng thái');
  if (typeof s.statusCode !== 'string' || !isStatusCode(s.statusCode)) {
    throw new EdxmlError(`Mã trạng thái không hợp lệ: "${String(s.statusCode ?? '')}"`, 'statusCode');
  }
  const ext = s.extensions;
  const w = new XmlWriter();
  const envelope = w.el(w.root, 'edXMLEnvelope');
  const header = w.el(envelope, 'edXMLHeader');
  const status = w.el(header, 'Status');
  writeResponseFor(w, status, s.responseFor, 'responseFor', ext, 'Status/ResponseFor');
  writeOrgan(w, status, 'From', s.from, 'from', ext, 'Status/From');
  if (s.to) writeOrgan(w, status, 'To', s.to, 'to', ext, 'Status/To');
  w.leaf(status, 'StatusCode', s.statusCode);
  w.leafAlways(status, 'Description', s.description);
  w.leaf(status, 'Timestamp', toWireTimestamp(s.timestamp, 'timestamp'));
  writeStaff(w, status, s.staffInfo, ext, 'Status/StaffInfo');
  applyExtensions(w, ext, 'Status', status);
  applyExtensions(w, ext, 'edXMLHeader', header);
  const body = w.el(envelope, 'edXMLBody');
  applyExtensions(w, ext, 'edXMLBody', body);
  applyExtensions(w, ext, 'edXMLEnvelope', envelope);
  applyExtensions(w, ext, 'edXML', w.root);
  return w.toString();
}
