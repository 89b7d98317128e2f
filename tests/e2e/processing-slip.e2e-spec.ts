import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard, TestUser } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const run = promisify(execFile);
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/registers');
const DOCS = '/api/v1/incoming-documents';

function slip(t: TestApp, user: TestUser, id: string) {
  return t.http.get(`${DOCS}/${id}/processing-slip`).set(user.auth).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

async function pdfText(pdf: Buffer, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout.replace(/\s+/g, ' ');
}

describe('processing slip (phiếu giải quyết văn bản đến)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T02:00:00Z');
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  it('fills the three sections from the direction, the unit leader\'s assignment and the handler\'s result', async () => {
    const { users, departments } = w;
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman }, {
      lead: { departmentId: departments.kt.id }, coordinators: [{ departmentId: departments.vhxh.id }], deadline: '2025-07-15',
      instruction: 'Giao Phòng Kinh tế chủ trì, Phòng Văn hóa - Xã hội phối hợp tham mưu báo cáo.',
    }, { symbol: '2047/SNV-TCBC', summary: 'V/v báo cáo tình hình vận hành chính quyền hai cấp', documentDate: '2025-07-04' });
    const lead = doc.lines.find((l) => l.role === 'lead')!;
    t.clock.set('2025-07-08T02:00:00Z');
    await t.http.post(`${DOCS}/${doc.id}/lines/${lead.id}/receive`).set(users.ktClerk.auth).send({}).expect(200);
    const toHead = await t.http.post(`${DOCS}/${doc.id}/lines/${lead.id}/assign`).set(users.ktClerk.auth).send({ userId: users.ktHead.id }).expect(200);
    const headLine = toHead.body.lines.find((l: { userId: string | null }) => l.userId === users.ktHead.id);
    await t.http.post(`${DOCS}/${doc.id}/lines/${headLine.id}/receive`).set(users.ktHead.auth).send({}).expect(200);
    const toSpecialist = await t.http.post(`${DOCS}/${doc.id}/lines/${headLine.id}/assign`).set(users.ktHead.auth)
      .send({ userId: users.ktSpecialist.id, deadline: '2025-07-12', note: 'Đồng chí Đạt dự thảo báo cáo.' }).expect(200);
    const handlerLine = toSpecialist.body.lines.find((l: { userId: string | null }) => l.userId === users.ktSpecialist.id);
    t.clock.set('2025-07-10T08:00:00Z');
    await t.http.post(`${DOCS}/${doc.id}/lines/${handlerLine.id}/complete`).set(users.ktSpecialist.auth)
      .send({ result: 'Đề xuất gửi báo cáo theo dự thảo đính kèm.' }).expect(200);

    const res = await slip(t, users.ktSpecialist, doc.id).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('Phieu-giai-quyet-VBDen-');
    const text = await pdfText(res.body as Buffer, 'processing-slip.pdf');
    expect(text).toContain('PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN');
    expect(text).toContain(w.org.name.toLocaleUpperCase('vi'));
    expect(text).toContain('Tên loại văn bản: Công văn');
    expect(text).toContain('2047/SNV-TCBC ngày 04/07/2025');
    expect(text).toContain('Cơ quan ban hành: Sở Nội vụ Thành phố Hồ Chí Minh');
    expect(text).toContain('V/v báo cáo tình hình vận hành chính quyền hai cấp');
    // Section 1: the Chủ tịch's direction, in the order of the form.
    const s1 = text.indexOf('1. Ý KIẾN CỦA LÃNH ĐẠO CƠ QUAN, TỔ CHỨC');
    const s2 = text.indexOf('2. Ý KIẾN CỦA LÃNH ĐẠO ĐƠN VỊ');
    const s3 = text.indexOf('3. Ý KIẾN ĐỀ XUẤT CỦA NGƯỜI GIẢI QUYẾT');
    expect(s1).toBeGreaterThan(0);
    expect(s2).toBeGreaterThan(s1);
    expect(s3).toBeGreaterThan(s2);
    const one = text.slice(s1, s2);
    expect(one).toContain('Giao Phòng Kinh tế chủ trì');
    expect(one).toContain('Đơn vị hoặc người chủ trì: Phòng Kinh tế - Hạ tầng và Đô thị (hạn 15/07/2025)');
    expect(one).toContain('Đơn vị hoặc người phối hợp: Phòng Văn hóa - Xã hội (hạn 15/07/2025)');
    expect(one).toContain('Thời hạn giải quyết: 15/07/2025');
    expect(one).toContain('Ngày 07 tháng 7 năm 2025');
    expect(one).toContain('Chủ tịch Nguyễn Thị Phượng');
    // Section 2: the unit leader's assignment to the handler, with its deadline and date.
    const two = text.slice(s2, s3);
    const three = text.slice(s3);
    expect(two).toContain('Phòng Kinh tế - Hạ tầng và Đô thị: giao Bùi Quốc Đạt (chủ trì), thời hạn giải quyết 12/07/2025');
    expect(two).toContain('Ngày 08 tháng 7 năm 2025');
    expect(two).toContain('Võ Minh Kinh');
    // The clerk handing the unit's line to its head is routing, not an opinion; the head's copy of the result is not a proposal.
    expect(two).not.toContain('Đặng Thu Hà');
    expect(three).not.toContain('Võ Minh Kinh');
    // Section 3: the handler's proposal and its date.
    expect(three).toContain('Bùi Quốc Đạt: Đề xuất gửi báo cáo theo dự thảo đính kèm.');
    expect(three).toContain('Ngày 10 tháng 7 năm 2025');
  });

  it('leaves dotted lines to fill by hand where nobody has written yet', async () => {
    const doc = await registerIncoming(t, w.users.officeClerk);
    const res = await slip(t, w.users.officeClerk, doc.id).expect(200);
    const text = await pdfText(res.body as Buffer, 'processing-slip-blank.pdf');
    const s1 = text.indexOf('1. Ý KIẾN CỦA LÃNH ĐẠO CƠ QUAN, TỔ CHỨC');
    const s2 = text.indexOf('2. Ý KIẾN CỦA LÃNH ĐẠO ĐƠN VỊ');
    expect(text.slice(s1, s2)).toMatch(/\.{40,}/);
    expect(text.slice(s1, s2)).not.toContain('chủ trì:');
  });

  it('is refused with 404 to whoever may not read the document, and for another organization', async () => {
    const doc = await directedIncoming(t, { clerk: w.users.officeClerk, leader: w.users.chairman }, { lead: { departmentId: w.departments.kt.id } });
    // A VHXH specialist has no line on it and no role that reads every document.
    await slip(t, w.users.vhxhSpecialist, doc.id).expect(404);
    const other = await createTanBinhWard(t);
    const res = await slip(t, other.users.officeClerk, doc.id).expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
