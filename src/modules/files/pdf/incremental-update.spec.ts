import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { DocxConverter } from '../docx-converter';
import { createDevCa, issueCertificate, toPkcs12 } from '../../signing/crypto/dev-ca';
import { signPdfIncremental } from '../../signing/crypto/pades-signer';
import { parsePkcs12, type SigningKey } from '../../signing/crypto/pkcs12';
import { renderArrivalStamp } from './arrival-stamp';
import { findDraftAnchors } from './draft-anchors';
import { readLastSection } from './incremental-update';
import { appendIssueRevision, renderSignerCopy } from './issue-render';
import { readWithPdfJs, signInRevision } from '../../../../tests/support/pdf-compat-support';
import { makeDecree30Draft, pdfsig, pdftotext, saveArtifactPng } from './pdf-test-support';

const docx = readFileSync(path.resolve(__dirname, '../../../../tests/fixtures/du-thao-thong-bao.docx'));

function key(commonName: string): SigningKey {
  const ca = createDevCa({ commonName: `${commonName} CA`, organization: commonName });
  const cert = issueCertificate(ca, { commonName, organization: commonName, kind: 'agency' });
  return parsePkcs12(toPkcs12({ keyPem: cert.keyPem, certPem: cert.certPem, chainPems: [ca.certPem], password: 'pw', friendlyName: 'k' }), 'pw');
}

/** What the web viewer needs: pdf.js opens the file without rebuilding a broken xref chain and reads page 1. */
async function expectPdfJsReads(pdf: Buffer, pages: number, words: string[]): Promise<void> {
  const r = await readWithPdfJs(pdf, 1);
  expect(r.warnings.filter((w) => /xref|Root|Indexing|trailer|ObjStm/i.test(w))).toEqual([]);
  expect(r.numPages).toBe(pages);
  for (const w of words) expect(r.text).toContain(w);
}

const validSignatures = async (pdf: Buffer) => ((await pdfsig(pdf)).match(/Signature Validation: Signature is Valid\./g) ?? []).length;

describe('incremental revisions are read by pdf.js (the web viewer) and poppler alike', () => {
  let inputs: Record<string, Buffer>;
  let sender: SigningKey;
  beforeAll(async () => {
    const classic = await makeDecree30Draft({ pages: 2 });
    const streams = Buffer.from(await (await PDFDocument.load(classic)).save({ useObjectStreams: true }));
    const libreOffice = await new DocxConverter({ timeoutMs: 120_000 }).toPdf(docx);
    sender = key('UBND phường Tây Thạnh');
    inputs = {
      'classic xref table': classic,
      'xref streams (object streams)': streams,
      'LibreOffice': libreOffice,
      'signed, classic xref table': await signPdfIncremental(classic, sender, { reason: 'Phát hành', name: 'UBND', signingTime: new Date('2025-07-03T02:00:00Z') }),
      'signed in an xref-stream revision': await signInRevision(streams, sender, "D:20250703090000+07'00'"),
    };
  }, 180_000);

  it('the fixtures really cover both kinds of cross-reference section', () => {
    expect(readLastSection(inputs['classic xref table']).kind).toBe('table');
    expect(readLastSection(inputs['xref streams (object streams)']).kind).toBe('stream');
    expect(readLastSection(inputs['LibreOffice']).kind).toBe('table');
    expect(readLastSection(inputs['signed in an xref-stream revision']).kind).toBe('stream');
  });

  it.each(['classic xref table', 'xref streams (object streams)', 'LibreOffice', 'signed, classic xref table', 'signed in an xref-stream revision'])(
    'the stamped ĐẾN copy of a PDF with %s opens in pdf.js with the stamp on page 1, and earlier signatures stay valid', async (name) => {
      const input = inputs[name];
      const pages = (await PDFDocument.load(input)).getPageCount();
      const signaturesBefore = await validSignatures(input);
      const { pdf } = await renderArrivalStamp(input, { agencyName: 'UBND phường Tân Bình', arrivalNumber: 15, arrivalDate: '2025-07-07' });
      expect(pdf.subarray(0, input.length).equals(input)).toBe(true);
      expect(readLastSection(pdf).kind).toBe(readLastSection(input).kind);
      await expectPdfJsReads(pdf, pages, ['ĐẾN', 'Số: 15', '07/07/2025']);
      expect(await pdftotext(pdf, 1)).toContain('ĐẾN');
      expect(await validSignatures(pdf)).toBe(signaturesBefore);
      if (signaturesBefore > 0) expect(await pdfsig(pdf)).toContain('Not total document signed');
      await saveArtifactPng(pdf, `incremental-stamp-${name.replace(/[^a-zA-Z]+/g, '-')}`, 1, 70);
    }, 120_000);

  it.each(['classic xref table', 'LibreOffice'])('an issued document from a draft with %s: pdf.js reads its number; pdfsig shows the signer\'s and the agency\'s signatures valid', async (name) => {
    const draft = inputs[name];
    const pages = (await PDFDocument.load(draft)).getPageCount();
    const { placement, problems } = await findDraftAnchors(draft, pages);
    expect(problems).toEqual([]);
    const block = { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Lê Thị Hoa' };
    const signerCopy = await renderSignerCopy(draft, { signatureBlock: block, placement });
    const signed = await signPdfIncremental(signerCopy, key('Lê Thị Hoa'), { reason: 'Ký', name: 'Lê Thị Hoa', signingTime: new Date('2025-07-07T02:00:00Z') });
    const numbered = await appendIssueRevision(signed, { numberLine: 'Số: 01/TB-UBND', placeDateLine: 'Tân Bình, ngày 07 tháng 7 năm 2025', placement, signatureBlock: block });
    await expectPdfJsReads(numbered, pages, ['01']);
    const issued = await signPdfIncremental(numbered, key('UBND phường Tân Bình'), { reason: 'Phát hành', name: 'UBND', signingTime: new Date('2025-07-07T03:00:00Z') });
    // pdf.js gives text in content order: the number revision comes last (only the digits when the draft prints "/TB-UBND").
    await expectPdfJsReads(issued, pages, [name === 'LibreOffice' ? '01' : '01/TB-UBND', 'TB-UBND']);
    expect(await pdftotext(issued, 1, { layout: true })).toMatch(/Số:\s+01 ?\/TB-UBND/);
    await saveArtifactPng(issued, `incremental-issued-${name.replace(/[^a-zA-Z]+/g, '-')}`, 1, 70);
    expect(await validSignatures(issued)).toBe(2);
  }, 180_000);
});
