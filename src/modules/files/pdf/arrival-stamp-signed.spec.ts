import { createDevCa, issueCertificate, toPkcs12 } from '../../signing/crypto/dev-ca';
import { signPdfIncremental } from '../../signing/crypto/pades-signer';
import { parsePkcs12 } from '../../signing/crypto/pkcs12';
import { renderArrivalStamp } from './arrival-stamp';
import { composeDocument } from './compose-document';
import { pdfsig, pdftotext, saveArtifactPng, wordBoxes } from './pdf-test-support';

type Box = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };
const intersects = (a: Box, b: Box) => a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax;

async function signedBySender(pdf: Buffer): Promise<Buffer> {
  const ca = createDevCa({ commonName: 'Sender Dev CA', organization: 'Sở Nội vụ' });
  const issued = issueCertificate(ca, { commonName: 'Sở Nội vụ Thành phố Hồ Chí Minh', organization: 'Sở Nội vụ', kind: 'agency' });
  const key = parsePkcs12(toPkcs12({ keyPem: issued.keyPem, certPem: issued.certPem, chainPems: [ca.certPem], password: 'pw', friendlyName: 'snv' }), 'pw');
  return signPdfIncremental(pdf, key, { reason: 'Phát hành', name: 'Sở Nội vụ', signingTime: new Date('2025-07-03T02:00:00Z') });
}

describe('ĐẾN stamp on a signed document from another agency', () => {
  it('goes in free space as an incremental update: the sender\'s signature stays valid and no stamp word touches the text', async () => {
    const letter = await composeDocument({
      parentAgency: 'Ủy ban nhân dân Thành phố Hồ Chí Minh', agencyName: 'Sở Nội vụ', typeName: null, summary: 'rà soát đội ngũ công chức phường sau sắp xếp',
      isDecision: false, basis: [], paragraphs: ['Sở Nội vụ đề nghị Ủy ban nhân dân các phường rà soát đội ngũ công chức sau sắp xếp và báo cáo trước ngày 15 tháng 7 năm 2025.'],
      articles: [], recipients: ['UBND các phường', 'Lưu: VT, CCVC'], urgencyMark: null, confidentialityMark: null,
    });
    const signed = await signedBySender(letter);
    const { pdf, placement } = await renderArrivalStamp(signed, { agencyName: 'Phòng Kinh tế - Hạ tầng và Đô thị', arrivalNumber: 15, arrivalDate: '2025-07-07' });
    await saveArtifactPng(pdf, 'arrival-stamp-signed-page1', 1);
    expect(placement.where).toBe('page');
    expect(pdf.subarray(0, signed.length).equals(signed)).toBe(true);
    const sig = await pdfsig(pdf);
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('Not total document signed');
    expect((await pdftotext(pdf, 1)).replace(/\s+/g, ' ')).toContain('PHÒNG KINH TẾ - HẠ TẦNG VÀ ĐÔ THỊ');

    const before = await wordBoxes(signed, 1);
    const key = (b: Box) => `${b.text}@${b.xMin.toFixed(1)},${b.yMin.toFixed(1)}`;
    const known = new Set(before.map(key));
    const stampWords = (await wordBoxes(pdf, 1)).filter((b) => !known.has(key(b)));
    expect(stampWords.map((b) => b.text)).toContain('ĐẾN');
    for (const s of stampWords) for (const b of before) if (intersects(s, b)) throw new Error(`stamp word "${s.text}" lies on "${b.text}"`);
  });

  it('a page with no free 50 × 35 mm area is not defaced: a cover page carries the stamp', async () => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const page = doc.addPage([595.28, 841.89]);
    for (let y = 20; y < 830; y += 14) page.drawText('Full page of text, edge to edge, with no room left for any stamp at all. '.repeat(2), { x: 10, y, size: 11, font });
    const full = await signedBySender(Buffer.from(await doc.save({ useObjectStreams: false })));
    const { pdf, placement } = await renderArrivalStamp(full, { agencyName: 'UBND phường Tân Bình', arrivalNumber: 3, arrivalDate: '2025-07-07' });
    expect(placement.where).toBe('cover');
    expect(await pdftotext(pdf, 1)).toContain('ĐẾN');
    expect(await pdftotext(pdf, 2)).not.toContain('ĐẾN');
    expect(await pdfsig(pdf)).toContain('Signature Validation: Signature is Valid.');
  });
});
