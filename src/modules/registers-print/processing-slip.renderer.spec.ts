import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readPageText } from '../files/pdf/pdf-text-boxes';
import { ProcessingSlipData, renderProcessingSlip } from './processing-slip.renderer';

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/registers');

const long = (n: number) => Array.from({ length: n }, (_, i) => `Ý kiến số ${i + 1} về việc tổ chức thực hiện, báo cáo kết quả đúng thời hạn.`).join(' ');
const data: ProcessingSlipData = {
  parentAgencyName: 'Thành phố Hồ Chí Minh', agencyName: 'Ủy ban nhân dân phường Tân Bình', documentTypeName: 'Công văn',
  symbol: '2047/SNV-TCBC', documentDate: '04/07/2025', issuerName: 'Sở Nội vụ Thành phố Hồ Chí Minh',
  summary: 'V/v báo cáo tình hình vận hành chính quyền hai cấp', arrivalNumber: 12, arrivalDate: '07/07/2025',
  direction: { instruction: long(12), lead: ['Bùi Quốc Đạt (hạn 15/07/2025)'], coordinate: [], inform: [], deadline: '15/07/2025',
    dateLine: 'Ngày 07 tháng 7 năm 2025', signer: { name: 'Nguyễn Thị Phượng', position: 'Chủ tịch' } },
  assignments: Array.from({ length: 6 }, (_, i) => ({ unit: 'Phòng Kinh tế - Hạ tầng và Đô thị', assignee: `Chuyên viên ${i + 1} (phối hợp)`,
    deadline: '12/07/2025', dateLine: 'Ngày 08 tháng 7 năm 2025', by: { name: 'Võ Minh Kinh', position: 'Trưởng phòng' }, instruction: long(2) })),
  proposals: [{ handler: 'Bùi Quốc Đạt', text: long(6), dateLine: 'Ngày 10 tháng 7 năm 2025' }],
};

describe('processing slip layout', () => {
  it('flows a long slip over pages inside the margins, without lines drawn over one another', async () => {
    const pdf = Buffer.from(await renderProcessingSlip(data));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'processing-slip-long.pdf'), pdf);
    const pages = await readPageText(pdf, [1, 2, 3]);
    expect(pages.size).toBeGreaterThanOrEqual(2);
    const all: string[] = [];
    for (const page of pages.values()) {
      for (const it of page.items) {
        all.push(it.text);
        expect(it.x).toBeGreaterThanOrEqual((20 * 72) / 25.4 - 0.5);
        expect(it.x + it.width).toBeLessThanOrEqual(page.width - (15 * 72) / 25.4 + 0.5);
        expect(it.y).toBeGreaterThanOrEqual((20 * 72) / 25.4 - 5);
      }
      // Two runs on the same line never overlap horizontally.
      const sorted = [...page.items].sort((a, b) => a.y - b.y || a.x - b.x);
      for (let i = 1; i < sorted.length; i++) {
        const [a, b] = [sorted[i - 1], sorted[i]];
        if (Math.abs(a.y - b.y) < 1) expect(b.x).toBeGreaterThanOrEqual(a.x + a.width - 0.5);
        else expect(b.y - a.y).toBeGreaterThan(a.size * 0.9);
      }
    }
    const text = all.join(' ');
    expect(text).toContain('Ý kiến số 12');
    expect(text).toContain('Chuyên viên 6 (phối hợp)');
    expect(text).toContain('3. Ý KIẾN ĐỀ XUẤT CỦA NGƯỜI GIẢI QUYẾT');
  });
});
