import { child } from './dom-read';
import { EdxmlError } from './edxml-error';
import { findStatusElement } from './parse-status';
import { parseSafeXml, type XmlLimits } from './safe-xml';

/** Tells a document package from a status package (same safety checks as the parsers). */
export function detectMessageKind(xml: string | Buffer, limits?: XmlLimits): 'document' | 'status' {
  const { root } = parseSafeXml(xml, limits);
  if (findStatusElement(root)) return 'status';
  if (child(child(child(root, 'edXMLEnvelope'), 'edXMLHeader'), 'MessageHeader')) return 'document';
  throw new EdxmlError('Gói tin edXML không có MessageHeader hay Status: không xác định được loại gói tin');
}
