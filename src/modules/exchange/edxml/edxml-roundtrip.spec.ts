import { DOMParser } from '@xmldom/xmldom';
import { readFixture, vanthuDocument } from '../../../../tests/fixtures/edxml/edxml-fixtures';
import { attachmentsIntact, buildEdxmlMessage, EDXML_NAMESPACE, EdxmlError, parseEdxmlMessage } from '.';

const sample = () => readFixture('sample-structure.edxml');

function errorOf(fn: () => unknown): EdxmlError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EdxmlError) return error;
    throw error;
  }
  throw new Error('expected an EdxmlError');
}

describe('edXML document package: the sample structure', () => {
  it('reads every MessageHeader field of the sample into the model, dates as YYYY-MM-DD', () => {
    const doc = parseEdxmlMessage(sample());
    expect(doc.from).toEqual(expect.objectContaining({ organId: '000.12.34.H29', organName: 'UBND phường Tân Bình', organInCharge: 'UBND Thành phố Hồ Chí Minh' }));
    expect(doc.to.map((t) => t.organId)).toEqual(['000.00.10.H29', '000.12.35.H29']);
    expect(doc.code).toEqual({ codeNumber: '05', codeNotation: 'UBND-VP' });
    expect(doc.promulgationInfo).toEqual({ place: 'Tân Bình', promulgationDate: '2025-07-07' });
    expect(doc.documentType).toEqual({ type: 1, typeDetail: 0, typeName: 'Công văn' });
    expect(doc.subject).toBe('V/v rà soát hiện trạng nhà ở trên địa bàn phường sau sắp xếp đơn vị hành chính');
    expect(doc.signerInfo).toEqual({ competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Nguyễn Thị Hồng Nhung' });
    expect(doc.dueDate).toBe('2025-07-20');
    expect(doc.toPlaces).toEqual(['Như trên', 'Chủ tịch, các Phó Chủ tịch UBND phường', 'Lưu: VT, VP']);
    expect(doc.otherInfo).toEqual({
      priority: 1, sphereOfPromulgation: 'Liên thông văn bản quốc gia', typerNotation: 'NTH', promulgationAmount: 3, pageAmount: 2,
      direction: false, appendixes: ['Phụ lục danh sách hộ gia đình'],
    });
    expect(doc.responseFor).toEqual([{ organId: '000.00.10.H29', code: '1234/SXD-QLN', promulgationDate: '2025-06-30', documentId: '000.00.10.H29,2025/06/30,1234/SXD-QLN' }]);
    expect(doc.steeringType).toBe(1);
    expect(doc.documentId).toBe('000.12.34.H29,2025/07/07,05/UBND-VP');
  });

  it('reads the TraceHeaderList with the legacy Bussiness spelling, timestamps in Vietnam time', () => {
    const doc = parseEdxmlMessage(sample());
    expect(doc.traceHeaders).toEqual([{ organId: '000.12.34.H29', timestamp: '2025-07-07T15:30:00+07:00' }]);
    expect(doc.business).toEqual({
      businessDocType: 0, businessDocReason: 'Văn bản điện tử mới', documentId: '000.12.34.H29,2025/07/07,05/UBND-VP', paper: 0,
      staffInfo: { department: 'Văn phòng HĐND và UBND', staff: 'Trần Văn Thư', mobile: '0909000111', email: 'vanthu.tanbinh@tphcm.gov.vn' },
    });
  });

  it('decodes the base64 attachments and matches them to the manifest, including an xlink:href reference', () => {
    const doc = parseEdxmlMessage(sample());
    expect(doc.attachments.map((a) => [a.contentId, a.fileName, a.contentType])).toEqual([
      ['cid:cv-05', '05-UBND-VP.pdf', 'application/pdf'], ['cid:pl-01', 'phu-luc-01.txt', 'text/plain'],
    ]);
    expect(doc.attachments[0].data.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(doc.attachments[1].data.toString('utf8')).toBe('Phụ lục danh sách hộ gia đình');
    expect(attachmentsIntact(doc)).toBe(true);
  });

  it('parse → build → parse of the sample gives the same model, and keeps the extra TraceHeaderList attributes', () => {
    const first = parseEdxmlMessage(sample());
    const rebuilt = buildEdxmlMessage(first);
    expect(parseEdxmlMessage(rebuilt)).toEqual(first);
    expect(rebuilt).toContain('id="trace-1"');
    expect(rebuilt).toContain('mustUnderstand="1"');
  });

  it('drops the old signature on rebuild: a rebuilt package must be signed again', () => {
    expect(buildEdxmlMessage(parseEdxmlMessage(sample()))).not.toContain('Signature');
  });
});

describe('edXML document package: packages vanthu builds', () => {
  it('build → parse gives back the model exactly, attachment bytes included', () => {
    const doc = vanthuDocument();
    expect(parseEdxmlMessage(buildEdxmlMessage(doc))).toEqual(doc);
  });

  it('writes the QCVN 102:2016 namespace, wire dates yyyy/MM/dd and the legacy Bussiness element names', () => {
    const xml = buildEdxmlMessage(vanthuDocument());
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
    expect(root.localName).toBe('edXML');
    expect(root.namespaceURI).toBe(EDXML_NAMESPACE);
    expect(xml).toContain('<edXML:PromulgationDate>2025/07/07</edXML:PromulgationDate>');
    expect(xml).toContain('<edXML:DueDate>2025/07/15</edXML:DueDate>');
    expect(xml).toContain('<edXML:Timestamp>2025/07/07 16:05:09</edXML:Timestamp>');
    expect(xml).toContain('<edXML:Bussiness>');
    expect(xml).toContain('<edXML:BussinessDocType>0</edXML:BussinessDocType>');
    expect(xml).not.toMatch(/<edXML:Business/);
  });

  it('names every attachment in the manifest by its ContentId and carries it base64 in AttachmentEncoded', () => {
    const xml = buildEdxmlMessage(vanthuDocument());
    expect(xml).toMatch(/<edXML:Reference>\s*<edXML:ContentId>cid:1<\/edXML:ContentId>/);
    expect(xml).toContain(`<edXML:ContentTransferEncoded>${Buffer.from([0, 1, 2, 253, 254, 255]).toString('base64')}</edXML:ContentTransferEncoded>`);
  });

  it('writes a recall (BussinessDocType 1) with the recalled DocumentId and reason', () => {
    const recall = vanthuDocument({ business: { businessDocType: 1, businessDocReason: 'Ban hành nhầm đối tượng', documentId: '000.12.34.H29,2025/07/07,05/TB-UBND' }, attachments: [] });
    const back = parseEdxmlMessage(buildEdxmlMessage(recall));
    expect(back.business).toEqual(recall.business);
    expect(back.attachments).toEqual([]);
  });

  it('round-trips an update with receiver changes and a replacement list', () => {
    const update = vanthuDocument({
      business: {
        businessDocType: 3, businessDocReason: 'Thay thế văn bản', documentInfo: { documentInfo: 'Sửa trích yếu', receivers: [{ receiverType: 1, organId: '000.00.10.H29' }, { receiverType: 0, organId: '000.12.35.H29' }] },
        replacementInfo: [{ documentId: '000.12.34.H29,2025/07/01,03/TB-UBND', organIds: ['000.12.35.H29', '000.00.10.H29'] }],
      },
    });
    expect(parseEdxmlMessage(buildEdxmlMessage(update)).business).toEqual(update.business);
  });

  it('refuses to build a package missing what a receiver needs, naming the field in Vietnamese', () => {
    expect(errorOf(() => buildEdxmlMessage(vanthuDocument({ to: [] }))).field).toBe('to');
    expect(errorOf(() => buildEdxmlMessage(vanthuDocument({ subject: ' ' }))).reason).toMatch(/trích yếu/);
    expect(errorOf(() => buildEdxmlMessage(vanthuDocument({ promulgationInfo: { place: 'Tân Bình', promulgationDate: '2025-02-30' } }))).field).toBe('promulgationInfo.promulgationDate');
    expect(errorOf(() => buildEdxmlMessage(vanthuDocument({ documentId: '05/TB-UBND' }))).reason).toMatch(/Mã văn bản/);
    expect(errorOf(() => buildEdxmlMessage(vanthuDocument({ otherInfo: { priority: 5 as never } }))).reason).toMatch(/Độ khẩn/);
    const twice = vanthuDocument();
    twice.attachments[1].contentId = '<1>';
    expect(errorOf(() => buildEdxmlMessage(twice)).reason).toMatch(/trùng ContentId/);
  });

  it('drops characters XML cannot carry and writes line ends as \\n', () => {
    const doc = vanthuDocument({ subject: 'Dòng 1\r\nDòng 2\u0007\u000b' });
    expect(parseEdxmlMessage(buildEdxmlMessage(doc)).subject).toBe('Dòng 1\nDòng 2');
  });

  it('escapes markup in free text instead of letting it become elements', () => {
    const doc = vanthuDocument({ subject: '<edXML:Subject>giả</edXML:Subject> & "trích" <![CDATA[x]]>' });
    const back = parseEdxmlMessage(buildEdxmlMessage(doc));
    expect(back.subject).toBe(doc.subject);
  });
});

describe('edXML: spellings and formats other systems send', () => {
  const variant = (edit: (xml: string) => string) => parseEdxmlMessage(edit(sample().toString('utf8')));

  it('reads the correct spelling Business/BusinessDocType too, and writes it back as Bussiness', () => {
    const doc = variant((x) => x.replace(/Bussiness/g, 'Business'));
    expect(doc.business.businessDocType).toBe(0);
    expect(doc.business.businessDocReason).toBe('Văn bản điện tử mới');
    const rebuilt = buildEdxmlMessage(doc);
    expect(rebuilt).toContain('<edXML:BussinessDocReason>');
    expect(rebuilt).not.toContain('<edXML:Business');
  });

  it('reads OrganInCharge as OrganizationInCharge', () => {
    const doc = variant((x) => x.replace(/OrganizationInCharge/g, 'OrganInCharge'));
    expect(doc.from.organInCharge).toBe('UBND Thành phố Hồ Chí Minh');
  });

  it('reads dates written dd/MM/yyyy or yyyy-MM-dd and zone-less timestamps as Vietnam time', () => {
    const doc = variant((x) => x.replace('<edXML:PromulgationDate>2025/07/07', '<edXML:PromulgationDate>07/07/2025')
      .replace('<edXML:DueDate>2025/07/20', '<edXML:DueDate>2025-07-20')
      .replace('<edXML:Timestamp>2025/07/07 15:30:00', '<edXML:Timestamp>2025-07-07T08:30:00Z'));
    expect(doc.promulgationInfo.promulgationDate).toBe('2025-07-07');
    expect(doc.dueDate).toBe('2025-07-20');
    expect(doc.traceHeaders[0].timestamp).toBe('2025-07-07T15:30:00+07:00');
  });

  it('refuses an unreadable promulgation date with a Vietnamese reason naming the element', () => {
    const error = errorOf(() => variant((x) => x.replace('<edXML:PromulgationDate>2025/07/07', '<edXML:PromulgationDate>hôm nay')));
    expect(error.reason).toMatch(/^Ngày không đọc được/);
    expect(error.field).toBe('MessageHeader/PromulgationInfo/PromulgationDate');
  });

  it('refuses a manifest entry whose attachment is missing', () => {
    const error = errorOf(() => variant((x) => x.replace(/<Attachment>\s*<ContentId>cid:pl-01[\s\S]*?<\/Attachment>/, '')));
    expect(error.reason).toContain('phu-luc-01.txt');
  });

  it('refuses an attachment whose content is not base64', () => {
    expect(errorOf(() => variant((x) => x.replace('UGjhu6Ug', 'UGjh*6Ug'))).reason).toMatch(/base64/);
  });

  it('refuses a package in another namespace or with another root', () => {
    expect(errorOf(() => variant((x) => x.replace('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">', '<edXML xmlns="urn:other">'))).reason)
      .toMatch(/Không phải gói tin edXML/);
    expect(errorOf(() => parseEdxmlMessage('<van-ban/>')).reason).toMatch(/Không phải gói tin edXML/);
  });

  it('refuses a priority outside 0–4 and a missing Subject', () => {
    expect(errorOf(() => variant((x) => x.replace('<edXML:Priority>1<', '<edXML:Priority>7<'))).reason).toMatch(/Độ khẩn/);
    expect(errorOf(() => variant((x) => x.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, ''))).field).toBe('MessageHeader/Subject');
  });
});
