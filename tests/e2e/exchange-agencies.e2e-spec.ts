import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const API = '/api/v1';

/** The directory of agencies (mã định danh) for the edXML exchange, loaded from a CSV. */
describe('exchange agencies directory', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  const upload = (csv: string, auth = w.users.officeClerk.auth) =>
    t.http.post(`${API}/exchange/agencies/import`).set(auth).attach('file', Buffer.from(csv), { filename: 'co-quan.csv', contentType: 'text/csv' });

  it('imports a CSV (quoted fields, Vietnamese headers too), warns on identifiers outside the QCVN 102 shape and finds agencies by code or unaccented name', async () => {
    const csv = '\uFEFFMã định danh,Tên cơ quan,Địa chỉ\n'
      + '000.00.00.H29,"Ủy ban nhân dân Thành phố Hồ Chí Minh","86 Lê Thánh Tôn, Quận 1"\n'
      + '000.05.00.H29,Sở Nội vụ Thành phố Hồ Chí Minh,\n'
      + 'vxp.saas.03,Đơn vị thử của trục,\n'
      + ',Thiếu mã,\n';
    const res = await upload(csv).expect(200);
    expect(res.body).toMatchObject({ imported: 3, updated: 0, errors: [{ row: 5 }], warnings: [{ row: 4 }] });
    expect(res.body.warnings[0].message).toContain('vxp.saas.03');

    const again = await upload('organId,name\n000.05.00.H29,Sở Nội vụ TP. Hồ Chí Minh\n').expect(200);
    expect(again.body).toMatchObject({ imported: 0, updated: 1 });

    const byName = await t.http.get(`${API}/exchange/agencies?q=so noi vu`).set(w.users.ktSpecialist.auth).expect(200);
    expect(byName.body.items).toEqual([expect.objectContaining({ organId: '000.05.00.H29', name: 'Sở Nội vụ TP. Hồ Chí Minh', patternOk: true })]);
    const byCode = await t.http.get(`${API}/exchange/agencies?q=H29`).set(w.users.officeClerk.auth).expect(200);
    expect(byCode.body.total).toBe(2);
    const all = await t.http.get(`${API}/exchange/agencies`).set(w.users.officeClerk.auth).expect(200);
    expect(all.body.items.find((a: { organId: string }) => a.organId === 'vxp.saas.03')).toMatchObject({ patternOk: false });
  });

  it('only the administrator and the Office clerks load the directory; a CSV without the required columns is a 400 in Vietnamese', async () => {
    await upload('organId,name\n000.00.00.H01,Hà Nội\n', w.users.ktSpecialist.auth).expect(403);
    const bad = await upload('ma,ghi chu\n1,2\n').expect(400);
    expect(bad.body.error.message).toContain('organId');
    await upload('organId,name\n000.00.00.H01,Hà Nội\n', w.users.admin.auth).expect(200);
  });

  it('an external recipient carries its organId on the outgoing document, and the organization shows its own', async () => {
    const created = await t.http.post(`${API}/outgoing-documents`).set(w.users.officeClerk.auth).send({
      documentType: 'CONG_VAN', summary: 'Về việc liên thông', departmentId: w.departments.office.id, urgency: 'normal', confidentiality: 'normal',
      recipients: [{ type: 'external', name: 'Sở Nội vụ', organId: '000.05.00.H29' }], content: { paragraphs: ['Nội dung.'] },
    }).expect(201);
    expect(created.body.recipients).toEqual([expect.objectContaining({ type: 'external', organId: '000.05.00.H29', code: '000.05.00.H29' })]);
    const got = await t.http.get(`${API}/outgoing-documents/${created.body.id}`).set(w.users.officeClerk.auth).expect(200);
    expect(got.body.exchange).toEqual([]);
  });
});
