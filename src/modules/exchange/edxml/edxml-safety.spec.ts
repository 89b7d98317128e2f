import { buildEdxmlMessage, detectMessageKind, EdxmlError, parseEdxmlMessage, parseStatusMessage, verifyEdxml } from '.';
import { vanthuDocument } from '../../../../tests/fixtures/edxml/edxml-fixtures';
import { DEFAULT_XML_LIMITS, parseSafeXml } from './safe-xml';

/** Hostile packages: refused with a Vietnamese reason, quickly, by every entry point. Bounds are generous (loaded CI). */

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

function refusal(input: string | Buffer, limits = DEFAULT_XML_LIMITS): { reason: string; ms: number } {
  const started = Date.now();
  try {
    parseSafeXml(input, limits);
  } catch (error) {
    if (!(error instanceof EdxmlError)) throw error;
    return { reason: error.reason, ms: Date.now() - started };
  }
  throw new Error('expected the input to be refused');
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<edXML xmlns="${NS}"><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&lol9;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>`;

const xxe = `<?xml version="1.0"?>
<!DOCTYPE edXML [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<edXML xmlns="${NS}"><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&secret;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>`;

describe('edXML safety: hostile XML is refused before it costs anything', () => {
  it('refuses a billion-laughs package (entity expansion) at once', () => {
    const { reason, ms } = refusal(billionLaughs);
    expect(reason).toBe('Gói tin chứa khai báo DOCTYPE/ENTITY; không được phép vì lý do an toàn');
    expect(ms).toBeLessThan(2000);
  });

  it('refuses an external entity (XXE) and never reads the file', () => {
    const { reason } = refusal(xxe);
    expect(reason).toMatch(/DOCTYPE\/ENTITY/);
    expect(() => parseEdxmlMessage(xxe)).toThrow(EdxmlError);
    expect(verifyEdxml(xxe)).toEqual({ valid: false, reason: expect.stringMatching(/DOCTYPE/) });
  });

  it('refuses a DOCTYPE written in lower case or after a comment', () => {
    expect(refusal(`<!-- x --><!doctype edXML><edXML xmlns="${NS}"/>`).reason).toMatch(/DOCTYPE/);
  });

  it('refuses nesting deeper than the limit, also when 100 000 levels deep, quickly', () => {
    expect(refusal(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`).reason).toMatch(/lồng nhau quá sâu/);
    const { reason, ms } = refusal(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`);
    expect(reason).toMatch(/lồng nhau quá sâu/);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses a flood of elements and a flood of attributes, quickly', () => {
    const elements = refusal(`<r>${'<a/>'.repeat(500_000)}</r>`);
    expect(elements.reason).toMatch(/quá nhiều phần tử/);
    expect(elements.ms).toBeLessThan(3000);
    const attributes = Array.from({ length: 300 }, (_, i) => `a${i}="1"`).join(' ');
    expect(refusal(`<r ${attributes}/>`).reason).toMatch(/quá nhiều thuộc tính/);
  });

  it('refuses a package over the size limit without parsing it', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxBytes: 1024 * 1024 };
    const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
    const { reason, ms } = refusal(big, limits);
    expect(reason).toMatch(/^Gói tin quá lớn \(1\.0 MB, tối đa 1 MB\)$/);
    expect(ms).toBeLessThan(1000);
    expect(DEFAULT_XML_LIMITS.maxBytes).toBe(50 * 1024 * 1024);
  });

  it('accepts a large attachment: only markup counts toward the structure limits', () => {
    const doc = vanthuDocument({ attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', fileName: 'lon.pdf', data: Buffer.alloc(12 * 1024 * 1024, 7) }] });
    const back = parseEdxmlMessage(buildEdxmlMessage(doc));
    expect(back.attachments[0].data.equals(doc.attachments[0].data)).toBe(true);
  });

  it('refuses malformed XML, empty input, a non-UTF-8 declared encoding, with Vietnamese reasons', () => {
    expect(refusal('<edXML><unclosed></edXML>').reason).toMatch(/^Gói tin XML không hợp lệ/);
    expect(refusal('').reason).toMatch(/rỗng/);
    expect(refusal(Buffer.from('<?xml version="1.0" encoding="windows-1258"?><edXML/>')).reason).toMatch(/chỉ nhận gói tin mã hóa UTF-8/);
    expect(refusal(`<edXML xmlns="${NS}">&undefined;</edXML>`).reason).toMatch(/không hợp lệ/);
  });

  it('reads UTF-8 with a BOM and UTF-16 with a BOM', () => {
    const xml = buildEdxmlMessage(vanthuDocument());
    expect(parseEdxmlMessage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)])).subject).toBe(vanthuDocument().subject);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]);
    expect(parseEdxmlMessage(utf16).subject).toBe(vanthuDocument().subject);
  });

  it('every entry point refuses the same hostile input with EdxmlError, none hangs or crashes', () => {
    for (const fn of [parseEdxmlMessage, parseStatusMessage, detectMessageKind]) {
      expect(() => fn(billionLaughs)).toThrow(EdxmlError);
      expect(() => fn('<<<>>>')).toThrow(EdxmlError);
      expect(() => fn(undefined as never)).toThrow(EdxmlError);
    }
  });

  it('does not let a ">" inside an attribute value hide the nesting from the depth check', () => {
    const tricky = `${'<a b="/>">'.repeat(70)}${'</a>'.repeat(70)}`;
    expect(refusal(tricky).reason).toMatch(/lồng nhau quá sâu/);
  });
});

describe('edXML size on the sending side', () => {
  it('refuses to build a package the receivers would refuse (attachments over ~37 MB once base64-encoded)', () => {
    const doc = vanthuDocument({ attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', fileName: 'qua-lon.pdf', data: Buffer.alloc(38 * 1024 * 1024, 1) }] });
    expect(() => buildEdxmlMessage(doc)).toThrow(/^Gói tin quá lớn \(51 MB, tối đa 50 MB\): tổng dung lượng tệp đính kèm tối đa khoảng 37 MB/);
  });
});
