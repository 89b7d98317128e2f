import { signPdfIncremental } from '../../src/modules/signing/crypto/pades-signer';
import { makeDecree30Draft, pdfsig, pdftotext, saveArtifactPng, wordBoxes } from '../../src/modules/files/pdf/pdf-test-support';
import { incomingBody } from '../factories/incoming.factory';
import { withSigningWard } from '../factories/signing-ward.factory';
import type { TanBinhWard } from '../factories/ward.factory';
import { testRootAndLeaf } from '../fixtures/pki-fixtures';
import type { TestApp } from '../setup/test-app';
import { binaryBody } from '../support/binary-body';

describe('the ĐẾN stamp on a signed incoming document, registered by a department clerk', () => {
  let t: TestApp;
  let w: TanBinhWard;
  withSigningWard((app, ward) => ((t = app), (w = ward)));

  it('keeps the sender\'s signature valid, lies where no text was, and names the department whose register holds it', async () => {
    const { key } = testRootAndLeaf('Sender Dev CA', 'Ủy ban nhân dân phường Tây Thạnh', 'UBND phường Tây Thạnh');
    const signed = await signPdfIncremental(await makeDecree30Draft({ pages: 1, place: 'Tây Thạnh' }), key, {
      reason: 'Phát hành', name: 'UBND phường Tây Thạnh', signingTime: new Date('2025-07-03T02:00:00Z'),
    });
    const res = await t.http.post('/api/v1/incoming-documents').set(w.users.ktClerk.auth)
      .field('data', JSON.stringify(incomingBody({ summary: 'Công văn đã ký số từ phường Tây Thạnh' })))
      .attach('file', signed, { filename: 'cong-van.pdf', contentType: 'application/pdf' }).expect(201);
    expect(res.body.departmentId).toBe(w.departments.kt.id);
    const stamped = (await t.http.get(`/api/v1/incoming-documents/${res.body.id}/file?stamped=true`).set(w.users.ktClerk.auth)
      .buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    await saveArtifactPng(stamped, 'arrival-stamp-e2e-page1', 1);

    const sig = await pdfsig(stamped);
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('Not total document signed');
    expect((await pdftotext(stamped, 1)).replace(/\s+/g, ' ')).toContain('PHÒNG KINH TẾ - HẠ TẦNG VÀ ĐÔ THỊ');

    const before = await wordBoxes(signed, 1);
    const key2 = (b: { text: string; xMin: number; yMin: number }) => `${b.text}@${b.xMin.toFixed(1)},${b.yMin.toFixed(1)}`;
    const known = new Set(before.map(key2));
    const stampWords = (await wordBoxes(stamped, 1)).filter((b) => !known.has(key2(b)));
    expect(stampWords.map((b) => b.text)).toContain('ĐẾN');
    for (const s of stampWords) {
      for (const b of before) {
        if (s.xMin < b.xMax && b.xMin < s.xMax && s.yMin < b.yMax && b.yMin < s.yMax) throw new Error(`stamp word "${s.text}" lies on "${b.text}"`);
      }
    }
  });
});
