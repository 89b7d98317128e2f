import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PdfUnreadableError } from '../../files/pdf/pdf-inspect';
import { makeTestPdf, pdfsig } from '../../files/pdf/pdf-test-support';
import { createDevCa, issueCertificate, toPkcs12 } from '../crypto/dev-ca';
import { verifyPdfSignatures } from '../crypto/pades-verify';
import { type SigningKey, parsePkcs12 } from '../crypto/pkcs12';
import { defaultPoolOptions, PdfWorkPool } from './pdf-work-pool';

const demo = (name: string) => readFileSync(path.resolve(__dirname, '../../../../assets/demo', name));

function signingKey(ca: ReturnType<typeof createDevCa>, commonName: string, kind: 'person' | 'agency'): SigningKey {
  const issued = issueCertificate(ca, { commonName, organization: 'UBND phường Tây Tựu', kind });
  return parsePkcs12(toPkcs12({ keyPem: issued.keyPem, certPem: issued.certPem, chainPems: [ca.certPem], password: 'pw', friendlyName: commonName }), 'pw');
}

const renderOptions = (n: number) => ({
  numberLine: `Số: ${String(n).padStart(2, '0')}/TB-UBND`,
  placeDateLine: 'Tây Tựu, ngày 07 tháng 7 năm 2025',
  signatureBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Nguyễn Thị Thu Hằng' },
  signatureImage: demo('signature-1.png'),
  sealImage: demo('seal-ubnd.png'),
});

describe('PDF work pool', () => {
  let draft: Buffer;
  let person: SigningKey;
  let agency: SigningKey;

  beforeAll(async () => {
    draft = await makeTestPdf(3);
    const ca = createDevCa({ commonName: 'vanthu Dev CA', organization: 'UBND phường Tây Tựu' });
    person = signingKey(ca, 'Nguyễn Thị Thu Hằng', 'person');
    agency = signingKey(ca, 'Ủy ban nhân dân phường Tây Tựu', 'agency');
  });

  async function issueWith(pool: PdfWorkPool, n: number): Promise<Buffer> {
    const rendered = await pool.render(draft, renderOptions(n));
    const signed = await pool.sign(rendered, person, { reason: `Ký ${n}/TB-UBND`, name: 'Nguyễn Thị Thu Hằng', signingTime: new Date('2025-07-07T03:30:00Z') });
    return pool.sign(signed, agency, { reason: `Phát hành ${n}/TB-UBND`, name: 'Ủy ban nhân dân phường Tây Tựu', signingTime: new Date('2025-07-07T03:31:00Z') });
  }

  it('runs in the calling thread by default, when PDF_WORKERS=0, and from .ts sources (Jest)', () => {
    expect(defaultPoolOptions({}).size).toBe(0);
    expect(defaultPoolOptions({ PDF_WORKERS: '0' }).size).toBe(0);
    expect(defaultPoolOptions({ PDF_WORKERS: '2' })).toMatchObject({ size: 2, workerFile: null });
    expect(() => defaultPoolOptions({ PDF_WORKERS: 'many' })).toThrow(/PDF_WORKERS/);
    expect(new PdfWorkPool({ size: 2, workerFile: null }).size).toBe(0);
  });

  describe.each([
    ['in the calling thread', () => new PdfWorkPool({ size: 0 })],
    ['on two worker threads', () => new PdfWorkPool({
      size: 2, workerFile: path.join(__dirname, 'ts-worker-bootstrap.cjs'), workerData: { entry: path.join(__dirname, 'pdf-worker.ts') },
    })],
  ])('%s', (_where, makePool) => {
    let pool: PdfWorkPool;

    beforeAll(() => {
      pool = makePool();
    });

    afterAll(async () => {
      await pool.onModuleDestroy();
    });

    it('renders and signs concurrent documents; every signature verifies (pdfsig too)', async () => {
      const issued = await Promise.all([1, 2, 3, 4].map((n) => issueWith(pool, n)));
      for (const pdf of issued) {
        const report = await verifyPdfSignatures(pdf);
        expect(report.valid).toBe(true);
        expect(report.signatures.map((s) => s.intact)).toEqual([true, true]);
      }
      const out = await pdfsig(issued[3]);
      expect(out).toContain('Signature #2');
      expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
      expect(out).not.toMatch(/Digest Mismatch|Signature is Invalid/);
    });

    it('rethrows a task\'s error in the caller with its class', async () => {
      await expect(pool.render(Buffer.from('not a pdf'), renderOptions(1))).rejects.toBeInstanceOf(PdfUnreadableError);
      await expect(pool.render(draft, { ...renderOptions(1), signatureBlock: { lines: [], name: 'A' } })).rejects.toBeInstanceOf(RangeError);
      // and keeps working afterwards
      expect((await verifyPdfSignatures(await issueWith(pool, 5))).valid).toBe(true);
    });
  });

  it('refuses work once shut down', async () => {
    const pool = new PdfWorkPool({ size: 0 });
    await pool.onModuleDestroy();
    await expect(pool.render(draft, renderOptions(1))).rejects.toThrow(/shut down/);
  });
});
