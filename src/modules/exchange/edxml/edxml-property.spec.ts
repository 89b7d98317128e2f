import fc from 'fast-check';
import { SignedXml } from 'xml-crypto';
import { selfMadeKey } from '../../../../tests/fixtures/pki-fixtures';
import {
  buildEdxmlMessage, buildStatusMessage, EdxmlError, edxmlTimestamp, formatDocumentId, parseDocumentId, parseEdxmlMessage, parseStatusMessage,
  signEdxml, STATUS_CODES, verifyEdxml, type EdxmlDocument, type EdxmlOrgan, type EdxmlStatus,
} from '.';

/** Properties over generated packages with Vietnamese text: build → parse is the identity; junk never crashes. */

const VIETNAMESE = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
const LETTERS = `${VIETNAMESE}${VIETNAMESE.toUpperCase()}0123456789`;
const text = fc.string({ unit: fc.constantFrom(...LETTERS, ...' ,.;:-/()"\'&<>%\n\t'), minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const token = fc.string({ unit: fc.constantFrom(...'ABCDĐGHQTUVX0123456789.-'), minLength: 1, maxLength: 13 });
const organId = fc.string({ unit: fc.constantFrom(...'0123456789.GH'), minLength: 3, maxLength: 13 });
const notation = fc.string({ unit: fc.constantFrom(...'ABCDĐHKNQTUVX-'), minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const date = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => edxmlTimestamp(new Date(ms)));

const organ: fc.Arbitrary<EdxmlOrgan> = fc.record({
  organId, organName: text, organInCharge: opt(text), organAdd: opt(text), email: opt(token), telephone: opt(token), fax: opt(token), website: opt(token),
});
const staff = fc.record({ department: opt(text), staff: opt(text), mobile: opt(token), email: opt(token) });
const responseFor = fc.record({ organId, code: notation, promulgationDate: date, documentId: fc.tuple(organId, date, notation).map(([o, d, c]) => formatDocumentId(o, d, `1/${c}`)) });

const documentArb: fc.Arbitrary<EdxmlDocument> = fc.record({
  from: organ,
  to: fc.array(organ, { minLength: 1, maxLength: 3 }),
  codeNumber: fc.integer({ min: 1, max: 9999 }).map(String),
  codeNotation: notation,
  date,
  place: text,
  documentType: fc.record({ type: fc.integer({ min: 0, max: 99 }), typeName: text, typeDetail: opt(fc.integer({ min: 0, max: 9 })) }),
  subject: text,
  content: opt(text),
  signerInfo: fc.record({ competence: opt(text), position: opt(text), fullName: text }),
  dueDate: opt(date),
  toPlaces: fc.array(text, { maxLength: 4 }),
  otherInfo: fc.record({
    priority: fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<0 | 1 | 2 | 3 | 4>, sphereOfPromulgation: opt(text), typerNotation: opt(text),
    promulgationAmount: opt(fc.nat(500)), pageAmount: opt(fc.nat(500)), direction: opt(fc.boolean()), appendixes: opt(fc.array(text, { maxLength: 3 })),
  }),
  responseFor: opt(fc.array(responseFor, { minLength: 1, maxLength: 2 })),
  steeringType: opt(fc.integer({ min: 0, max: 3 })),
  traceHeaders: fc.array(fc.record({ organId, timestamp: instant }), { maxLength: 3 }),
  business: fc.record({
    businessDocType: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<0 | 1 | 2 | 3>, businessDocReason: opt(text), documentId: opt(fc.constant('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT')),
    paper: opt(fc.constantFrom(0, 1)), staffInfo: opt(staff),
    documentInfo: opt(fc.record({ documentInfo: opt(text), documentReceiver: opt(text), receivers: fc.array(fc.record({ receiverType: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>, organId }), { maxLength: 3 }) })),
    replacementInfo: opt(fc.array(fc.record({ documentId: token, organIds: fc.array(organId, { maxLength: 3 }) }), { maxLength: 2 })),
  }),
  attachments: fc.array(fc.record({
    contentType: fc.constantFrom('application/pdf', 'application/zip', 'text/plain', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    fileName: text, description: opt(text), data: fc.uint8Array({ maxLength: 300 }),
  }), { maxLength: 3 }),
}).map(({ codeNumber, codeNotation, date: d, place, attachments, ...rest }) => ({
  ...rest,
  code: { codeNumber, codeNotation },
  promulgationInfo: { place, promulgationDate: d },
  documentId: formatDocumentId(rest.from.organId, d, `${codeNumber}/${codeNotation}`),
  attachments: attachments.map((a, i) => ({ ...a, contentId: `cid:${i + 1}`, data: Buffer.from(a.data) })),
}));

const statusArb: fc.Arbitrary<EdxmlStatus> = fc.record({
  from: organ, to: opt(organ), responseFor, statusCode: fc.constantFrom(...STATUS_CODES), description: text, timestamp: instant, staffInfo: opt(staff),
});

describe('edXML properties', () => {
  it('build → parse is the identity for generated documents with Vietnamese text', () => {
    fc.assert(fc.property(documentArb, (doc) => {
      expect(parseEdxmlMessage(buildEdxmlMessage(doc))).toEqual(doc);
    }), { numRuns: 80 });
  });

  it('build → parse is the identity for generated status packages', () => {
    fc.assert(fc.property(statusArb, (status) => {
      expect(parseStatusMessage(buildStatusMessage(status))).toEqual(status);
    }), { numRuns: 100 });
  });

  it('sign → verify holds for generated documents, xml-crypto agrees, and changing the subject breaks it', () => {
    const key = selfMadeKey('UBND phường Thử Nghiệm');
    fc.assert(fc.property(documentArb, (doc) => {
      const signed = signEdxml(buildEdxmlMessage(doc), key);
      expect(verifyEdxml(signed)).toEqual(expect.objectContaining({ valid: true }));
      const reference = new SignedXml({ publicCert: key.certificatePem, getCertFromKeyInfo: () => null });
      reference.loadSignature(/<Signature[\s\S]*<\/Signature>/.exec(signed)![0]);
      expect(reference.checkSignature(signed)).toBe(true);
      const at = signed.indexOf('<edXML:Subject>') + '<edXML:Subject>'.length;
      expect(verifyEdxml(`${signed.slice(0, at)}Z${signed.slice(at)}`).valid).toBe(false);
    }), { numRuns: 20 });
  });

  it('parseDocumentId undoes formatDocumentId', () => {
    fc.assert(fc.property(organId, date, fc.integer({ min: 1, max: 99999 }), notation, (o, d, n, c) => {
      expect(parseDocumentId(formatDocumentId(o, d, `${n}/${c}`))).toEqual({ organId: o, date: d, code: `${n}/${c}`, codeNumber: String(n), codeNotation: c });
    }));
  });

  it('a corrupted package is either read or refused with EdxmlError — never another exception', () => {
    const base = buildEdxmlMessage(parseEdxmlMessage(buildEdxmlMessage({
      from: { organId: '000.12.34.H29', organName: 'UBND phường Tân Bình' }, to: [{ organId: '000.12.35.H29', organName: 'UBND phường Bảy Hiền' }],
      code: { codeNumber: '05', codeNotation: 'TB-UBND' }, promulgationInfo: { place: 'Tân Bình', promulgationDate: '2025-07-07' },
      documentType: { type: 1, typeName: 'Thông báo' }, subject: 'Thông báo', signerInfo: { fullName: 'Lê Văn Đức' }, toPlaces: [], otherInfo: { priority: 0 },
      documentId: '000.12.34.H29,2025/07/07,05/TB-UBND', traceHeaders: [{ organId: '000.12.34.H29', timestamp: '2025-07-07T16:05:09+07:00' }],
      business: { businessDocType: 0 }, attachments: [{ contentId: 'cid:1', contentType: 'text/plain', fileName: 'a.txt', data: Buffer.from('xin chào') }],
    })));
    const edits = fc.array(fc.tuple(fc.nat(base.length - 1), fc.constantFrom('<', '>', '&', '"', '/', '', 'x', ';', '\u0000', 'Đ', '<!DOCTYPE a>')), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(edits, (changes) => {
      let xml = base;
      for (const [at, ch] of changes) xml = xml.slice(0, at) + ch + xml.slice(at + 1);
      try {
        parseEdxmlMessage(xml);
      } catch (error) {
        expect(error).toBeInstanceOf(EdxmlError);
      }
    }), { numRuns: 300 });
  });
});
