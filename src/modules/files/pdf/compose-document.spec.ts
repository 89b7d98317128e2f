import { composeDocument, type ComposeInput } from './compose-document';
import { pdftotext, saveArtifactPng, wordBoxes } from './pdf-test-support';

const long = (n: number) => `Nội dung đoạn văn thứ ${n} quy định chi tiết việc tổ chức thực hiện nhiệm vụ trên địa bàn phường, bảo đảm đúng quy định của pháp luật, công khai, minh bạch và hiệu quả; các cơ quan, đơn vị liên quan phối hợp chặt chẽ trong quá trình triển khai.`;

export const sampleDecision = (paragraphs = 2): ComposeInput => ({
  parentAgency: 'Thành phố Hồ Chí Minh', agencyName: 'Ủy ban nhân dân phường Tân Bình', typeName: 'Quyết định',
  summary: 'Về việc thành lập Tổ công tác chuyển đổi số phường Tân Bình năm 2025', isDecision: true,
  basis: ['Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;', 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;'],
  paragraphs: Array.from({ length: paragraphs }, (_, i) => long(i + 1)),
  articles: ['Thành lập Tổ công tác chuyển đổi số phường Tân Bình gồm các thành viên có tên trong danh sách kèm theo.', 'Tổ công tác có nhiệm vụ tham mưu, đề xuất và tổ chức thực hiện kế hoạch chuyển đổi số năm 2025.', 'Chánh Văn phòng, Trưởng phòng Kinh tế - Hạ tầng và Đô thị và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.'],
  recipients: ['Như Điều 3', 'Phòng Kinh tế - Hạ tầng và Đô thị', 'Phòng Văn hóa - Xã hội', 'Ủy ban nhân dân phường Tây Thạnh', 'Lưu: VT, VP'],
  urgencyMark: 'Hỏa tốc', confidentialityMark: null,
});

describe('composeDocument (Decree 30 Phụ lục I)', () => {
  it('a Quyết định has every element in order and no two elements\' text boxes intersect', async () => {
    const pdf = await composeDocument(sampleDecision());
    await saveArtifactPng(pdf, 'compose-decision-page1', 1);
    const text = await pdftotext(pdf);
    const order = ['THÀNH PHỐ HỒ CHÍ MINH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'HỎA TỐC', 'QUYẾT ĐỊNH',
      'Về việc thành lập', 'ỦY BAN NHÂN DÂN PHƯỜNG TÂN BÌNH', 'Căn cứ Luật', 'Nội dung đoạn văn thứ 1', 'QUYẾT ĐỊNH:', 'Điều 1.', 'Điều 2.', 'Điều 3.', 'Nơi nhận:', '- Lưu: VT, VP.'];
    let at = -1;
    for (const item of order) {
      const next = text.indexOf(item, at + 1);
      expect({ item, found: next > at }).toEqual({ item, found: true });
      at = next;
    }
    const boxes = await wordBoxes(pdf, 1);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.xMin < b.xMax - 0.5 && b.xMin < a.xMax - 0.5 && a.yMin < b.yMax - 0.5 && b.yMin < a.yMax - 0.5;
        if (overlap) throw new Error(`"${a.text}" overlaps "${b.text}"`);
      }
    }
  });

  it('long content flows over pages, numbered from page 2', async () => {
    const pdf = await composeDocument(sampleDecision(9));
    await saveArtifactPng(pdf, 'compose-decision-page2', 2);
    const page2 = await pdftotext(pdf, 2);
    expect(page2.trim().split('\n')[0].trim()).toBe('2');
    expect(await pdftotext(pdf, 1)).not.toMatch(/^\s*1\s*$/m);
  });
});
