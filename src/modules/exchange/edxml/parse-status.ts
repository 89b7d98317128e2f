import type { Element } from '@xmldom/xmldom';
import { readOrgan, readResponseFor, readStaff } from './common-parts';
import { child, optText, reqElement, reqToken } from './dom-read';
import { EdxmlError } from './edxml-error';
import { fromWireTimestamp } from './edxml-dates';
import type { EdxmlStatus } from './edxml.types';
import { ExtensionCollector } from './extensions';
import { assertEdxmlRoot } from './parse-message';
import { parseSafeXml, type XmlLimits } from './safe-xml';
import { isStatusCode } from './status-codes';

const STATUS_ELEMENTS = ['ResponseFor', 'From', 'To', 'StatusCode', 'Description', 'Timestamp', 'StaffInfo'];

/** Finds the `Status` element: `edXML/edXMLEnvelope/edXMLHeader/Status` or the SOAP form `Envelope/Header/Status`. */
export function findStatusElement(root: Element, x?: ExtensionCollector): Element | undefined {
  if (root.localName === 'Envelope') return child(child(root, 'Header'), 'Status');
  assertEdxmlRoot(root);
  x?.collect('edXML', root, ['edXMLEnvelope']);
  const envelope = x ? x.collect('edXMLEnvelope', child(root, 'edXMLEnvelope'), ['edXMLHeader', 'edXMLBody']) : child(root, 'edXMLEnvelope');
  const header = x ? x.collect('edXMLHeader', child(envelope, 'edXMLHeader'), ['Status', 'Signature']) : child(envelope, 'edXMLHeader');
  x?.collect('edXMLBody', child(envelope, 'edXMLBody'), []);
  return child(header, 'Status');
}

/** Reads a status package. Throws EdxmlError (Vietnamese reason) on unsafe XML, a missing field or an unknown code. */
export function parseStatusMessage(xml: string | Buffer, limits?: XmlLimits): EdxmlStatus {
  const { root } = parseSafeXml(xml, limits);
  const x = new ExtensionCollector();
  const status = findStatusElement(root, x);
  if (!status) throw new EdxmlError('Không tìm thấy phần Status trong gói tin trạng thái');
  x.collect('Status', status, STATUS_ELEMENTS);
  const code = reqToken(status, 'Status', 'StatusCode');
  const normalized = /^\d$/.test(code) ? `0${code}` : code;
  if (!isStatusCode(normalized)) throw new EdxmlError(`Mã trạng thái không hợp lệ: "${code.slice(0, 10)}"`, 'Status/StatusCode');
  const result: EdxmlStatus = {
    from: readOrgan(reqElement(status, 'Status', 'From'), 'Status/From', x),
    responseFor: readResponseFor(reqElement(status, 'Status', 'ResponseFor'), 'Status/ResponseFor', x),
    statusCode: normalized,
    description: optText(status, 'Description') ?? '',
    timestamp: fromWireTimestamp(reqToken(status, 'Status', 'Timestamp'), 'Status/Timestamp'),
  };
  const to = child(status, 'To');
  if (to) result.to = readOrgan(to, 'Status/To', x);
  const staff = readStaff(child(status, 'StaffInfo'), 'Status/StaffInfo', x);
  if (staff) result.staffInfo = staff;
  const extensions = x.result();
  if (extensions) result.extensions = extensions;
  return result;
}
