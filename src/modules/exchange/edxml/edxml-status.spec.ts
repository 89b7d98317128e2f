import { vanthuDocument, vanthuStatus } from '../../../../tests/fixtures/edxml/edxml-fixtures';
import {
  buildEdxmlMessage, buildStatusMessage, detectMessageKind, EdxmlError, type EdxmlStatusCode, parseEdxmlMessage, parseStatusMessage,
  STATUS_CODES, STATUS_DESCRIPTIONS,
} from '.';

describe('edXML status packages (01–06, 13, 15, 16)', () => {
  it.each(STATUS_CODES)('status %s: build → parse gives back the same status', (code: EdxmlStatusCode) => {
    const status = vanthuStatus({ statusCode: code, description: STATUS_DESCRIPTIONS[code] });
    const xml = buildStatusMessage(status);
    expect(xml).toContain(`<edXML:StatusCode>${code}</edXML:StatusCode>`);
    expect(parseStatusMessage(xml)).toEqual(status);
  });

  it('has a Vietnamese meaning for every code the standard lists, and only those', () => {
    expect(STATUS_CODES.sort()).toEqual(['01', '02', '03', '04', '05', '06', '13', '15', '16']);
    expect(STATUS_DESCRIPTIONS['02']).toBe('Từ chối tiếp nhận');
  });

  it('carries the reason of a return (02) and the staff who handled it', () => {
    const status = vanthuStatus({ statusCode: '02', description: 'Chữ ký số của gói tin không hợp lệ: nội dung đã bị thay đổi sau khi ký' });
    const back = parseStatusMessage(buildStatusMessage(status));
    expect(back.description).toBe(status.description);
    expect(back.staffInfo).toEqual(status.staffInfo);
  });

  it('writes the timestamp yyyy/MM/dd HH:mm:ss in Vietnam time, whatever zone the caller used', () => {
    const xml = buildStatusMessage(vanthuStatus({ timestamp: '2025-07-07T09:06:00.000Z' }));
    expect(xml).toContain('<edXML:Timestamp>2025/07/07 16:06:00</edXML:Timestamp>');
    expect(parseStatusMessage(xml).timestamp).toBe('2025-07-07T16:06:00+07:00');
  });

  it('writes a To block only when the caller gives one', () => {
    expect(buildStatusMessage(vanthuStatus())).not.toContain('<edXML:To>');
    const routed = vanthuStatus({ to: { organId: '000.12.34.H29', organName: 'UBND phường Tân Bình' } });
    expect(parseStatusMessage(buildStatusMessage(routed))).toEqual(routed);
  });

  it('refuses an unknown status code on build and on parse', () => {
    expect(() => buildStatusMessage(vanthuStatus({ statusCode: '07' as EdxmlStatusCode }))).toThrow(EdxmlError);
    const xml = buildStatusMessage(vanthuStatus()).replace('<edXML:StatusCode>01<', '<edXML:StatusCode>99<');
    expect(() => parseStatusMessage(xml)).toThrow(/Mã trạng thái không hợp lệ/);
  });

  it('reads a one-digit code as its two-digit form (a 1 from a sloppy sender is 01)', () => {
    const xml = buildStatusMessage(vanthuStatus({ statusCode: '03' })).replace('<edXML:StatusCode>03<', '<edXML:StatusCode>3<');
    expect(parseStatusMessage(xml).statusCode).toBe('03');
  });

  it('reads the SOAP-envelope status one provincial system sends, with dd/MM/yyyy dates', () => {
    const soap = `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header>
      <edXML:Status xmlns:edXML="http://schemas.xmlsoap.org/soap/envelope/">
        <edXML:ResponseFor><edXML:OrganId>000.12.34.H29</edXML:OrganId><edXML:Code>05/TB-UBND</edXML:Code>
          <edXML:PromulgationDate>07/07/2025</edXML:PromulgationDate><edXML:DocumentId>000.12.34.H29,2025/07/07,05/TB-UBND</edXML:DocumentId></edXML:ResponseFor>
        <edXML:From><edXML:OrganId>000.12.35.H29</edXML:OrganId><edXML:OrganName>UBND phường Bảy Hiền</edXML:OrganName><edXML:OrganizationInCharge /><edXML:Email /></edXML:From>
        <edXML:StatusCode>03</edXML:StatusCode><edXML:Description>Đã tiếp nhận</edXML:Description><edXML:Timestamp>08/07/2025 09:15:00</edXML:Timestamp>
        <edXML:StaffInfo><edXML:Department>Văn phòng</edXML:Department><edXML:Staff>Phạm Thị Lan</edXML:Staff></edXML:StaffInfo>
      </edXML:Status></SOAP-ENV:Header><SOAP-ENV:Body /></SOAP-ENV:Envelope>`;
    expect(detectMessageKind(soap)).toBe('status');
    const status = parseStatusMessage(soap);
    expect(status).toEqual(expect.objectContaining({
      statusCode: '03', description: 'Đã tiếp nhận', timestamp: '2025-07-08T09:15:00+07:00',
      from: { organId: '000.12.35.H29', organName: 'UBND phường Bảy Hiền' },
      responseFor: { organId: '000.12.34.H29', code: '05/TB-UBND', promulgationDate: '2025-07-07', documentId: '000.12.34.H29,2025/07/07,05/TB-UBND' },
    }));
  });

  it('tells a document package from a status package, and a status is not read as a document', () => {
    expect(detectMessageKind(buildEdxmlMessage(vanthuDocument()))).toBe('document');
    expect(detectMessageKind(Buffer.from(buildStatusMessage(vanthuStatus())))).toBe('status');
    expect(() => parseEdxmlMessage(buildStatusMessage(vanthuStatus()))).toThrow(/gói tin trạng thái/);
    expect(() => detectMessageKind('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>')).toThrow(EdxmlError);
  });
});
