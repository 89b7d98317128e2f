import { makeDecree30Draft, pdfsig, pdftotext, saveArtifactPng, wordBoxes } from '../../src/modules/files/pdf/pdf-test-support';
import { downloadPdf } from '../factories/outgoing.factory';
import { withSigningWard } from '../factories/signing-ward.factory';
import { createOrganization, TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';
import { binaryBody } from '../support/binary-body';

const OUT = '/api/v1/outgoing-documents';
const paragraph = (n: number) => `Nội dung thứ ${n}: Ủy ban nhân dân phường giao các phòng, ban chuyên môn rà soát hồ sơ, thủ tục hành chính thuộc thẩm quyền, bảo đảm giải quyết đúng hạn, công khai, minh bạch; báo cáo kết quả thực hiện trước ngày 25 hằng tháng.`;

async function pdfOf(t: TestApp, url: string, auth: Record<string, string>): Promise<Buffer> {
  const res = await t.http.get(url).set(auth).buffer(true).parse(binaryBody);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${String(res.body)}`);
  return res.body as Buffer;
}

type Box = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };
const intersects = (a: Box, b: Box) => a.xMin < b.xMax - 0.5 && b.xMin < a.xMax - 0.5 && a.yMin < b.yMax - 0.5 && b.yMin < a.yMax - 0.5;

describe('outgoing documents composed from structured content (Decree 30 Phụ lục I)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  withSigningWard((app, ward) => ((t = app), (w = ward)));

  it('a composed Quyết định (căn cứ, 3 articles, 4 recipients, HỎA TỐC) previews unnumbered, then issues with every element in order', async () => {
    const u = w.users;
    const neighbour = await createOrganization(t, { name: 'Ủy ban nhân dân phường Tây Thạnh', placeName: 'Tây Thạnh' });
    const created = await t.http.post(OUT).set(u.officeClerk.auth).send({
      documentType: 'QUYET_DINH', summary: 'Về việc kiện toàn Tổ công tác cải cách hành chính phường', departmentId: w.departments.office.id,
      signerId: u.chairman.id, urgency: 'flash',
      recipients: [
        { type: 'department', departmentId: w.departments.kt.id }, { type: 'department', departmentId: w.departments.vhxh.id },
        { type: 'organization', organizationId: neighbour.id }, { type: 'external', name: 'Công an phường Tân Bình' },
      ],
      content: {
        basis: ['Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;', 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;'],
        paragraphs: Array.from({ length: 8 }, (_, i) => paragraph(i + 1)),
        articles: ['Kiện toàn Tổ công tác cải cách hành chính phường gồm các ông, bà có tên trong danh sách kèm theo.', 'Tổ công tác hoạt động theo chế độ kiêm nhiệm, tự giải thể khi hoàn thành nhiệm vụ.', 'Chánh Văn phòng, Trưởng các phòng chuyên môn và các ông, bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.'],
        extraRecipients: ['Như Điều 3'],
      },
    }).expect(201);
    const id = created.body.id as string;

    const preview = await pdfOf(t, `${OUT}/${id}/preview`, u.officeClerk.auth);
    await saveArtifactPng(preview, 'composed-preview-page1', 1);
    expect(await pdftotext(preview, 1)).toContain('Số: …/QĐ-UBND');
    expect(await pdfsig(preview)).not.toContain('Signature #1');

    await t.http.post(`${OUT}/${id}/submit`).set(u.officeClerk.auth).send({ reviewerId: u.chiefOfOffice.id }).expect(200);
    await t.http.post(`${OUT}/${id}/approve`).set(u.chiefOfOffice.auth).send({}).expect(200);
    await t.http.post(`${OUT}/${id}/sign`).set(u.chairman.auth).send({ authority: 'TM' }).expect(200);
    const issued = await t.http.post(`${OUT}/${id}/issue`).set(u.officeClerk.auth).send({}).expect(200);
    const pdf = await downloadPdf(t, u.officeClerk, id);
    await saveArtifactPng(pdf, 'composed-issued-page1', 1);
    await saveArtifactPng(pdf, 'composed-issued-page2', 2);

    const text = await pdftotext(pdf, undefined, { layout: true });
    const inOrder = ['THÀNH PHỐ HỒ CHÍ MINH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `Số: ${issued.body.symbol}`,
      'Tân Bình, ngày 07 tháng 7 năm 2025', 'HỎA TỐC', 'QUYẾT ĐỊNH', 'Về việc kiện toàn', 'Căn cứ Luật', 'Căn cứ Nghị định', 'Nội dung thứ 1',
      'Nội dung thứ 8', 'QUYẾT ĐỊNH:', 'Điều 1.', 'Điều 2.', 'Điều 3.', 'Nơi nhận:', 'Phòng Kinh tế', 'Phòng Văn hóa', 'phường Tây Thạnh',
      'Công an phường Tân Bình', 'Như Điều 3', 'Lưu: VT, VP.'];
    let at = -1;
    for (const item of inOrder) {
      const next = text.indexOf(item, at + 1);
      expect({ item, inOrder: next > at }).toEqual({ item, inOrder: true });
      at = next;
    }
    expect(text).toContain('TM. ỦY BAN NHÂN DÂN');
    expect((await pdftotext(pdf, 2)).trim().split('\n')[0].trim()).toBe('2');
    expect(await pdftotext(pdf, 1)).not.toMatch(/^\s*1\s*$/m);

    const pages = (text.match(/\f/g) ?? []).length;
    for (let p = 1; p <= pages; p++) {
      const boxes = await wordBoxes(pdf, p);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          if (intersects(boxes[i], boxes[j])) throw new Error(`page ${p}: "${boxes[i].text}" overlaps "${boxes[j].text}"`);
        }
      }
    }
    expect((await pdfsig(pdf)).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
  });

  it('a draft with neither a file nor content cannot be submitted; content and a file together are refused', async () => {
    const u = w.users;
    const both = await t.http.post(OUT).set(u.officeClerk.auth)
      .field('data', JSON.stringify({ documentType: 'THONG_BAO', summary: 'x', departmentId: w.departments.office.id, content: { paragraphs: ['a'] } }))
      .attach('file', Buffer.from('%PDF-1.4\n'), { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(both.status).toBeGreaterThanOrEqual(400);
    expect(both.status).toBeLessThan(500);
    const bad = await t.http.post(OUT).set(u.officeClerk.auth).send({ documentType: 'THONG_BAO', summary: 'x', departmentId: w.departments.office.id, content: { paragraphs: [''] } });
    expect(bad.status).toBe(400);
  });
});

describe('uploaded drafts: vanthu fills only what the draft leaves blank', () => {
  let t: TestApp;
  let w: TanBinhWard;
  withSigningWard((app, ward) => ((t = app), (w = ward)));

  const upload = async (pdf: Buffer) => {
    const res = await t.http.post(OUT).set(w.users.officeClerk.auth)
      .field('data', JSON.stringify({ documentType: 'THONG_BAO', summary: 'Thông báo lịch tiếp công dân', departmentId: w.departments.office.id, signerId: w.users.chiefOfOffice.id }))
      .attach('file', pdf, { filename: 'du-thao.pdf', contentType: 'application/pdf' }).expect(201);
    return res.body.id as string;
  };

  it('a plain PDF with no "Số:" line and a full last page → 422 DRAFT_LAYOUT_UNFIT at submit, saying what is missing', async () => {
    const id = await upload(await makeDecree30Draft({ pages: 1, numberLine: false, fullLastPage: true }));
    const res = await t.http.post(`${OUT}/${id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }).expect(422);
    expect(res.body.error.code).toBe('DRAFT_LAYOUT_UNFIT');
    expect(res.body.error.details.map((d: { element: string }) => d.element)).toEqual(['number', 'signature']);
    expect(res.body.error.details[0].message).toMatch(/Số:/);
    const after = await t.http.get(`${OUT}/${id}`).set(w.users.officeClerk.auth).expect(200);
    expect(after.body.status).toBe('draft');
  });

  it('a draft that prints its own signature block with too little room under the position line → 422 DRAFT_LAYOUT_UNFIT at submit, in Vietnamese', async () => {
    const id = await upload(await makeDecree30Draft({ pages: 1, ownBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Lê Văn Chánh', gapMm: 12 } }));
    const res = await t.http.post(`${OUT}/${id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }).expect(422);
    expect(res.body.error.code).toBe('DRAFT_LAYOUT_UNFIT');
    expect(res.body.error.details).toEqual([{ element: 'signature', message: expect.stringContaining('giữa dòng "CHÁNH VĂN PHÒNG" và họ tên "Lê Văn Chánh"') }]);
    expect(res.body.error.message).toContain('cần ít nhất 20 mm');
  });

  it('a Decree 30 draft gets its number after its "Số:", the date in its blanks, and the signature below its last line', async () => {
    const draft = await makeDecree30Draft({ pages: 2 });
    const id = await upload(draft);
    const preview = await pdfOf(t, `${OUT}/${id}/preview`, w.users.officeClerk.auth);
    expect((await pdftotext(preview, 1)).replace(/[ \t]+/g, ' ')).toContain('Số: …/TB-UBND');
    await t.http.post(`${OUT}/${id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }).expect(200);
    await t.http.post(`${OUT}/${id}/approve`).set(w.users.chiefOfOffice.auth).send({}).expect(200);
    await t.http.post(`${OUT}/${id}/sign`).set(w.users.chiefOfOffice.auth).send({ authority: 'TL' }).expect(200);
    await t.http.post(`${OUT}/${id}/issue`).set(w.users.officeClerk.auth).send({}).expect(200);
    const pdf = await downloadPdf(t, w.users.officeClerk, id);
    await saveArtifactPng(pdf, 'uploaded-draft-issued-last', 2);
    const page1 = (await pdftotext(pdf, 1)).replace(/[ \t]+/g, ' ');
    expect(page1).toContain('Số: 01/TB-UBND');
    expect(page1).toContain('Tân Bình, ngày 07 tháng 7 năm 2025');
    const draftWords = await wordBoxes(draft, 2);
    const lowestDraftLine = Math.max(...draftWords.map((b) => b.yMax));
    const name = (await wordBoxes(pdf, 2)).filter((b) => b.text === 'Chánh' && b.yMin > lowestDraftLine);
    expect(name).toHaveLength(1); // "Lê Văn Chánh" below the draft's last line, nothing drawn over it
  });
});
