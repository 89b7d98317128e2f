import { DOMParser } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { readFixture, vanthuDocument } from '../../../../tests/fixtures/edxml/edxml-fixtures';
import { buildEdxmlMessage, buildStatusMessage, parseEdxmlMessage, parseStatusMessage } from '.';
import { childElements } from './dom-read';

/** A sample package with elements and attributes this library does not know, in several places. */
function withUnknowns(): string {
  return readFixture('sample-structure.edxml').toString('utf8')
    .replace('<edXML:MessageHeader>', '<edXML:MessageHeader xmlns:vx="urn:vxp:ext" vx:channel="lgsp">')
    .replace('<edXML:SteeringType>', '<edXML:SecurityLevel>2</edXML:SecurityLevel>\n        <vx:Tracking xmlns:vx="urn:vxp:ext"><vx:Hop n="1">LGSP HCM</vx:Hop><vx:Hop n="2">Trục quốc gia</vx:Hop></vx:Tracking>\n        <edXML:SteeringType>')
    .replace('<edXML:OrganAdd>387A', '<edXML:OrganCode>UBND-TB</edXML:OrganCode>\n          <edXML:OrganAdd>387A')
    .replace('<edXML:Paper>0</edXML:Paper>', '<edXML:Paper>0</edXML:Paper><edXML:ProcessDeadline>2025/07/20</edXML:ProcessDeadline>')
    .replace('<ContentType>application/pdf</ContentType>', '<ContentType>application/pdf</ContentType><FileSize>55</FileSize>')
    .replace('</AttachmentEncoded>', '</AttachmentEncoded>\n  <Extra xmlns="urn:extra"><Note>ghi chú &amp; thêm</Note></Extra>');
}

function elementAt(xml: string, ...path: string[]): Element {
  let el = new DOMParser().parseFromString(xml, 'text/xml').documentElement! as Element;
  for (const name of path) {
    const next = childElements(el).find((c) => c.localName === name);
    if (!next) throw new Error(`no ${name} under ${el.localName}`);
    el = next;
  }
  return el;
}

describe('edXML: unknown elements survive parse → build', () => {
  it('keeps unknown elements and attributes in the container they came from', () => {
    const rebuilt = buildEdxmlMessage(parseEdxmlMessage(withUnknowns()));
    const header = elementAt(rebuilt, 'edXMLEnvelope', 'edXMLHeader', 'MessageHeader');
    expect(header.getAttributeNS('urn:vxp:ext', 'channel')).toBe('lgsp');
    const names = childElements(header).map((c) => c.localName);
    expect(names).toEqual(expect.arrayContaining(['SecurityLevel', 'Tracking']));
    const tracking = childElements(header).find((c) => c.localName === 'Tracking')!;
    expect(tracking.namespaceURI).toBe('urn:vxp:ext');
    expect(childElements(tracking).map((h) => [h.getAttribute('n'), h.textContent])).toEqual([['1', 'LGSP HCM'], ['2', 'Trục quốc gia']]);
    expect(childElements(elementAt(rebuilt, 'edXMLEnvelope', 'edXMLHeader', 'MessageHeader', 'From')).map((c) => c.localName)).toContain('OrganCode');
    expect(childElements(elementAt(rebuilt, 'edXMLEnvelope', 'edXMLHeader', 'TraceHeaderList', 'Bussiness')).map((c) => c.localName)).toContain('ProcessDeadline');
    expect(childElements(elementAt(rebuilt, 'AttachmentEncoded', 'Attachment')).map((c) => c.localName)).toContain('FileSize');
    const extra = elementAt(rebuilt, 'Extra');
    expect(extra.namespaceURI).toBe('urn:extra');
    expect(extra.textContent).toBe('ghi chú & thêm');
  });

  it('is stable: a second parse → build gives the same text and the same model', () => {
    const once = buildEdxmlMessage(parseEdxmlMessage(withUnknowns()));
    const twice = buildEdxmlMessage(parseEdxmlMessage(once));
    expect(twice).toBe(once);
    expect(parseEdxmlMessage(twice)).toEqual(parseEdxmlMessage(withUnknowns()));
  });

  it('keeps the extensions through JSON storage (what a database column does to them)', () => {
    const doc = parseEdxmlMessage(withUnknowns());
    const stored = { ...doc, extensions: JSON.parse(JSON.stringify(doc.extensions)) };
    expect(buildEdxmlMessage(stored)).toBe(buildEdxmlMessage(doc));
  });

  it('reads the known fields unchanged when unknown ones are around them', () => {
    const plain = parseEdxmlMessage(readFixture('sample-structure.edxml'));
    const { extensions: _a, ...withoutExt } = parseEdxmlMessage(withUnknowns());
    const { extensions: _b, ...plainWithoutExt } = plain;
    expect(withoutExt).toEqual(plainWithoutExt);
  });

  it('keeps unknown elements inside the recall / replacement blocks of Bussiness', () => {
    const update = buildEdxmlMessage(vanthuDocument({
      business: {
        businessDocType: 3, documentInfo: { receivers: [{ receiverType: 1, organId: '000.00.10.H29' }] },
        replacementInfo: [{ documentId: '000.12.34.H29,2025/07/01,03/TB-UBND', organIds: ['000.12.35.H29'] }],
      },
    })).replace('<edXML:ReceiverType>1</edXML:ReceiverType>', '<edXML:ReceiverType>1</edXML:ReceiverType><edXML:ReceiverName>Sở Xây dựng</edXML:ReceiverName>')
      .replace('<edXML:OrganIdList>', '<edXML:ReplacedOn>2025/07/08</edXML:ReplacedOn><edXML:OrganIdList>');
    const rebuilt = buildEdxmlMessage(parseEdxmlMessage(update));
    expect(rebuilt).toMatch(/<edXML:Receiver>[\s\S]*<edXML:ReceiverName>Sở Xây dựng<\/edXML:ReceiverName>\s*<\/edXML:Receiver>/);
    expect(rebuilt).toMatch(/<edXML:ReplacementInfo>[\s\S]*<edXML:ReplacedOn>2025\/07\/08<\/edXML:ReplacedOn>\s*<\/edXML:ReplacementInfo>/);
  });

  it('keeps unknown elements of a status package too', () => {
    const xml = buildStatusMessage({
      from: { organId: '000.12.35.H29', organName: 'UBND phường Bảy Hiền' }, statusCode: '03', description: 'Đã vào sổ', timestamp: '2025-07-08T08:00:00+07:00',
      responseFor: { organId: '000.12.34.H29', code: '05/TB-UBND', promulgationDate: '2025-07-07', documentId: '000.12.34.H29,2025/07/07,05/TB-UBND' },
    }).replace('<edXML:StatusCode>', '<edXML:IncomingNumber>112</edXML:IncomingNumber><edXML:StatusCode>');
    const status = parseStatusMessage(xml);
    expect(buildStatusMessage(status)).toContain('<edXML:IncomingNumber>112</edXML:IncomingNumber>');
  });
});
