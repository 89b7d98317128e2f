import { createDevCa, issueCertificate, toPkcs12 } from '../../src/modules/signing/crypto/dev-ca';
import { signPdfIncremental } from '../../src/modules/signing/crypto/pades-signer';
import { parsePkcs12 } from '../../src/modules/signing/crypto/pkcs12';
import { makeDecree30Draft, pdfsig, pdftotext, saveArtifactPng, wordBoxes } from '../../src/modules/files/pdf/pdf-test-support';
import { incomingBody } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const binary = (r: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('the ĐẾN stamp on a signed incoming document, registered by a department clerk', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T03:00:00Z');
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  it('keeps the sender\'s signature valid, lies where no text was, and names the department whose register holds it', async () => {
    const ca = createDevCa({ commonName: 'Sender Dev CA', organization: 'UBND phường Tây Thạnh' });
    const cert = issueCertificate(ca, { commonName: 'Ủy ban nhân dân phường Tây Thạnh', organization: 'UBND phường Tây Thạnh', kind: 'agency' });
    const key = parsePkcs12(toPkcs12({ keyPem: cert.keyPem, certPem: cert.certPem, chainPems: [ca.certPem], password: 'pw', friendlyName: 'tt' }), 'pw');
    const signed = await signPdfIncremental(await makeDecree30Draft({ pages: 1, place: 'Tây Thạnh' }), key, {
      reason: 'Phát hành', name: 'UBND phường Tây Thạnh', signingTime: new Date('2025-07-03T02:00:00Z'),
    });
    const res = await t.http.post('/api/v1/incoming-documents').set(w.users.ktClerk.auth)
      .field('data', JSON.stringify(incomingBody({ summary: 'Công văn đã ký số từ phường Tây Thạnh' })))
      .attach('file', signed, { filename: 'cong-van.pdf', contentType: 'application/pdf' }).expect(201);
    expect(res.body.departmentId).toBe(w.departments.kt.id);
    const stamped = (await t.http.get(`/api/v1/incoming-documents/${res.body.id}/file?stamped=true`).set(w.users.ktClerk.auth)
      .buffer(true).parse(binary as never).expect(200)).body as Buffer;
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
