import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { renderIssuedDocument } from '../../files/pdf/issue-render';
import { makeTestPdf, pdfsig } from '../../files/pdf/pdf-test-support';
import { parseSignedData } from './cms';
import { createDevCa, issueCertificate, toPkcs12 } from './dev-ca';
import { PadesSigningError, signPdfIncremental } from './pades-signer';
import { verifyPdfSignatures } from './pades-verify';
import { type SigningKey, parsePkcs12 } from './pkcs12';
import { findSignatures } from './signature-dictionaries';

const demo = (name: string) => readFileSync(path.resolve(__dirname, '../../../../assets/demo', name));

function signingKey(ca: ReturnType<typeof createDevCa>, commonName: string, kind: 'person' | 'agency'): SigningKey {
  const issued = issueCertificate(ca, { commonName, organization: 'UBND phường Tây Tựu', kind });
  const p12 = toPkcs12({ keyPem: issued.keyPem, certPem: issued.certPem, chainPems: [ca.certPem], password: 'pw', friendlyName: commonName });
  return parsePkcs12(p12, 'pw');
}

describe('PAdES signing: signer first, then the agency, as two incremental revisions', () => {
  let rendered: Buffer;
  let signedOnce: Buffer;
  let signedTwice: Buffer;
  let agencyKey: SigningKey;

  beforeAll(async () => {
    const ca = createDevCa({ commonName: 'vanthu Dev CA', organization: 'UBND phường Tây Tựu' });
    const person = signingKey(ca, 'Nguyễn Thị Thu Hằng', 'person');
    const agency = signingKey(ca, 'Ủy ban nhân dân phường Tây Tựu', 'agency');
    rendered = await renderIssuedDocument(await makeTestPdf(3), {
      numberLine: 'Số: 05/TB-UBND',
      placeDateLine: 'Tây Tựu, ngày 07 tháng 7 năm 2025',
      signatureBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Nguyễn Thị Thu Hằng' },
      signatureImage: demo('signature-1.png'),
      sealImage: demo('seal-ubnd.png'),
    });
    signedOnce = await signPdfIncremental(rendered, person, {
      reason: 'Ký ban hành văn bản',
      name: 'Nguyễn Thị Thu Hằng',
      location: 'Tây Tựu, Hà Nội',
      signingTime: new Date('2025-07-07T03:30:00Z'),
    });
    agencyKey = agency;
    signedTwice = await signPdfIncremental(signedOnce, agency, {
      reason: 'Văn thư đóng dấu (chữ ký số cơ quan)',
      name: 'Ủy ban nhân dân phường Tây Tựu',
      signingTime: new Date('2025-07-07T03:31:05Z'),
    });
  });

  it('each signature is an incremental update of the exact bytes before it', () => {
    expect(signedOnce.subarray(0, rendered.length).equals(rendered)).toBe(true);
    expect(signedTwice.subarray(0, signedOnce.length).equals(signedOnce)).toBe(true);
  });

  it('pdfsig finds two signatures and reports both as valid (certificate trust aside)', async () => {
    const out = await pdfsig(signedTwice);
    expect(out).toContain('Signature #1');
    expect(out).toContain('Signature #2');
    expect(out).not.toContain('Signature #3');
    expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(out).not.toMatch(/Digest Mismatch|Signature is Invalid/);
    expect(out).toContain('ETSI.CAdES.detached');
    expect(out).toContain('Total document signed');
  });

  it('our verifier agrees: two intact signatures with the certificate names and +07:00 times', async () => {
    const report = await verifyPdfSignatures(signedTwice);
    expect(report.valid).toBe(true);
    expect(report.modifiedAfterLastSignature).toBe(false);
    expect(report.signatures.map((s) => s.signerName)).toEqual(['Nguyễn Thị Thu Hằng', 'Ủy ban nhân dân phường Tây Tựu']);
    expect(report.signatures.map((s) => s.signedAt)).toEqual(['2025-07-07T10:30:00+07:00', '2025-07-07T10:31:05+07:00']);
    expect(report.signatures.every((s) => s.intact && s.subFilter === 'ETSI.CAdES.detached')).toBe(true);
    expect(report.signatures[0].coversUntilByte).toBe(signedOnce.length);
    expect(report.signatures[1].coversUntilByte).toBe(signedTwice.length);
    expect(report.signatures[1].certificateSubject).toContain('CN=Ủy ban nhân dân phường Tây Tựu');
  });

  it('the signature dictionary keeps Vietnamese /Name and /Reason and /M carries +07\'00\'', () => {
    const [first, second] = findSignatures(signedTwice);
    expect(first.name).toBe('Nguyễn Thị Thu Hằng');
    expect(first.reason).toBe('Ký ban hành văn bản');
    expect(second.reason).toBe('Văn thư đóng dấu (chữ ký số cơ quan)');
    expect(first.signingTime).toBe("D:20250707103000+07'00'");
  });

  it('the CMS is PAdES B-B: signingCertificateV2, no signingTime, signer certificate and chain included', () => {
    for (const raw of findSignatures(signedTwice)) {
      const signedData = parseSignedData(raw.contents);
      const types = signedData.signerInfos[0].signedAttrs!.attributes.map((a) => a.type);
      expect(types).toContain('1.2.840.113549.1.9.16.2.47');
      expect(types).toContain('1.2.840.113549.1.9.4');
      expect(types).toContain('1.2.840.113549.1.9.3');
      expect(types).not.toContain('1.2.840.113549.1.9.5');
      expect(signedData.certificates).toHaveLength(2);
      expect(signedData.encapContentInfo.eContent).toBeUndefined();
    }
  });

  it('later signatures with the same key (from its CMS template) are valid and differ only in digest and signature', async () => {
    const others = await Promise.all([1, 2, 3].map((n) =>
      signPdfIncremental(signedOnce, agencyKey, { reason: `Phát hành ${n}`, name: 'Ủy ban nhân dân phường Tây Tựu', signingTime: new Date(Date.UTC(2025, 6, 7, 3, 31, n)) })));
    const cmses = [signedTwice, ...others].map((pdf) => findSignatures(pdf)[1].contents);
    for (const pdf of others) {
      expect((await verifyPdfSignatures(pdf)).valid).toBe(true);
      expect((await pdfsig(pdf)).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    }
    const differing = (a: Buffer, b: Buffer) => a.reduce((n, byte, i) => n + (byte !== b[i] ? 1 : 0), 0);
    for (const cms of cmses.slice(1)) {
      expect(cms.length).toBe(cmses[0].length);
      expect(differing(cms, cmses[0])).toBeLessThanOrEqual(32 + 256); // messageDigest + RSA-2048 signature
      expect(parseSignedData(cms).signerInfos[0].signedAttrs!.attributes.map((a) => a.type))
        .toEqual(parseSignedData(cmses[0]).signerInfos[0].signedAttrs!.attributes.map((a) => a.type));
    }
  });

  it('flipping one byte inside the first revision breaks the first signature', async () => {
    const tampered = Buffer.from(signedTwice);
    const at = Math.floor(findSignatures(signedTwice)[0].byteRange[1] / 2);
    tampered[at] ^= 0x01;
    const report = await verifyPdfSignatures(tampered);
    expect(report.valid).toBe(false);
    expect(report.signatures[0].intact).toBe(false);
    expect(report.signatures[0].problem).toMatch(/Digest mismatch/);
  });

  it('bytes appended after the last signature are reported as an unsigned modification', async () => {
    const appended = Buffer.concat([signedTwice, Buffer.from('\n1 0 obj\n<< /Evil true >>\nendobj\n')]);
    const report = await verifyPdfSignatures(appended);
    expect(report.modifiedAfterLastSignature).toBe(true);
    expect(report.valid).toBe(false);
    expect(report.signatures.every((s) => s.intact)).toBe(true);
  });

  it('a trailing newline after the last %%EOF is not a modification', async () => {
    const report = await verifyPdfSignatures(Buffer.concat([signedTwice, Buffer.from('\r\n')]));
    expect(report.valid).toBe(true);
  });

  it('signs a file that ends with a newline after %%EOF without touching its bytes', async () => {
    const withNewline = Buffer.concat([signedOnce, Buffer.from('\n')]);
    const signed = await signPdfIncremental(withNewline, agencyKey, { reason: 'x', name: 'x', signingTime: new Date() });
    expect(signed.subarray(0, withNewline.length).equals(withNewline)).toBe(true);
    expect((await verifyPdfSignatures(signed)).valid).toBe(true);
  });

  it('an unsigned PDF is not valid', async () => {
    const report = await verifyPdfSignatures(rendered);
    expect(report).toEqual({ valid: false, modifiedAfterLastSignature: false, signatures: [] });
  });

  it('refuses a PDF saved with object streams (placeholder-plain cannot read xref streams)', async () => {
    const doc = await PDFDocument.load(rendered);
    const withObjectStreams = Buffer.from(await doc.save({ useObjectStreams: true }));
    await expect(
      signPdfIncremental(withObjectStreams, agencyKey, { reason: 'x', name: 'x', signingTime: new Date() }),
    ).rejects.toBeInstanceOf(PadesSigningError);
  });
});
