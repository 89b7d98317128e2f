import { createDepartment, createOrganization, createTanBinhWard, createUser } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

describe('organizations, departments and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a new organization gets the default signing rules and this year\'s agency registers', async () => {
    const org = await createOrganization(t);
    const rules = await t.http.get('/api/v1/signing-rules').set(org.admin.auth).expect(200);
    expect(rules.body.map((r: { role: string; authority: string }) => `${r.role}:${r.authority}`)).toEqual(['chairman:TM', 'vice_chairman:KT', 'head:TL']);
    expect(rules.body[2]).toMatchObject({ departmentKind: 'office', documentTypes: ['THONG_BAO', 'GIAY_MOI', 'GIAY_GIOI_THIEU', 'CONG_VAN'] });
    const registers = await t.http.get('/api/v1/registers').set(org.admin.auth).expect(200);
    const year = new Date().getFullYear();
    expect(registers.body.items.filter((r: { year: number }) => Math.abs(r.year - year) <= 1)).toHaveLength(4);
    expect(registers.body.items.every((r: { departmentId: string | null }) => r.departmentId === null)).toBe(true);
  });

  it('readiness names a department without a clerk, and assigning a clerk removes it', async () => {
    const org = await createOrganization(t);
    const dept = await createDepartment(t, org, { name: 'Phòng Văn hóa - Xã hội', code: 'VHXH' });
    let report = await t.http.get('/api/v1/organization/readiness').set(org.admin.auth).expect(200);
    expect(report.body.ok).toBe(false);
    expect(report.body.departmentsWithoutClerk).toEqual([expect.objectContaining({ id: dept.id, name: 'Phòng Văn hóa - Xã hội' })]);
    expect(report.body.departmentsWithoutHead.map((d: { id: string }) => d.id)).toEqual([dept.id]);
    const created = await t.http.post('/api/v1/users').set(org.admin.auth).send({
      username: `vt.vhxh.${Date.now()}`, password: 'Hoa-Sen-No#2025!', fullName: 'Văn thư VHXH', positionTitle: 'Văn thư',
      roles: [{ role: 'clerk', departmentId: dept.id }],
    }).expect(201);
    expect(created.body.roles).toEqual([{ role: 'clerk', departmentId: dept.id }]);
    report = await t.http.get('/api/v1/organization/readiness').set(org.admin.auth).expect(200);
    expect(report.body.departmentsWithoutClerk).toEqual([]);
    const listed = await t.http.get('/api/v1/departments').set(org.admin.auth).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: dept.id, clerkCount: 1, headUserId: null })]);
  });

  it('readiness names signing rules that nobody holds, until a Chủ tịch exists', async () => {
    const org = await createOrganization(t);
    let report = await t.http.get('/api/v1/organization/readiness').set(org.admin.auth).expect(200);
    expect(report.body.signingRulesWithoutSigner.map((r: { role: string }) => r.role)).toEqual(['chairman', 'vice_chairman', 'head']);
    await createUser(t, org, { roles: [{ role: 'chairman' }], positionTitle: 'Chủ tịch' });
    report = await t.http.get('/api/v1/organization/readiness').set(org.admin.auth).expect(200);
    expect(report.body.signingRulesWithoutSigner.map((r: { role: string }) => r.role)).toEqual(['vice_chairman', 'head']);
  });

  it('the Tân Bình ward of seed 004 reports exactly Phòng Văn hóa - Xã hội as having no clerk', async () => {
    const ward = await createTanBinhWard(t);
    const report = await t.http.get('/api/v1/organization/readiness').set(ward.users.admin.auth).expect(200);
    expect(report.body.departmentsWithoutClerk.map((d: { name: string }) => d.name)).toEqual(['Phòng Văn hóa - Xã hội']);
    expect(report.body.departmentsWithoutHead).toEqual([]);
    expect(report.body.signingRulesWithoutSigner).toEqual([]);
  });

  it('a second office in one organization is refused', async () => {
    const org = await createOrganization(t);
    await createDepartment(t, org, { name: 'Văn phòng HĐND và UBND', code: 'VP', kind: 'office' });
    const res = await t.http.post('/api/v1/departments').set(org.admin.auth).send({ name: 'Văn phòng 2', code: 'VP2', kind: 'office' }).expect(409);
    expect(res.body.error.code).toBe('ALREADY_EXISTS');
    expect(res.body.error.message).toMatch(/Văn phòng HĐND và UBND/);
  });

  it('an organization admin cannot create organizations nor see another organization', async () => {
    const a = await createOrganization(t);
    const b = await createOrganization(t);
    const res = await t.http.post('/api/v1/organizations').set(a.admin.auth)
      .send({ code: 'X.1', name: 'Ủy ban nhân dân phường X', shortName: 'UBND', placeName: 'X' }).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    await t.http.get(`/api/v1/organizations/${b.id}`).set(a.admin.auth).expect(404);
    const list = await t.http.get('/api/v1/organizations').set(a.admin.auth).expect(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([a.id]);
  });

  it('an organization admin cannot touch another organization\'s departments or users', async () => {
    const a = await createOrganization(t);
    const b = await createOrganization(t);
    const dept = await createDepartment(t, b);
    const user = await createUser(t, b, { roles: [{ role: 'specialist', departmentId: dept.id }] });
    await t.http.get(`/api/v1/departments/${dept.id}`).set(a.admin.auth).expect(404);
    await t.http.patch(`/api/v1/departments/${dept.id}`).set(a.admin.auth).send({ name: 'Đổi tên' }).expect(404);
    await t.http.get(`/api/v1/users/${user.id}`).set(a.admin.auth).expect(404);
    await t.http.patch(`/api/v1/users/${user.id}`).set(a.admin.auth).send({ disabled: true }).expect(404);
    await t.http.put(`/api/v1/users/${user.id}/roles`).set(a.admin.auth).send({ roles: [] }).expect(404);
    await t.http.post('/api/v1/users').set(a.admin.auth).send({
      username: `x${Date.now()}`, password: 'Hoa-Sen-No#2025!', fullName: 'X', positionTitle: 'X', roles: [], organizationId: b.id,
    }).expect(404);
  });

  it('a specialist cannot administer: no departments, users, roles or signing rules', async () => {
    const org = await createOrganization(t);
    const dept = await createDepartment(t, org);
    const specialist = await createUser(t, org, { roles: [{ role: 'specialist', departmentId: dept.id }] });
    await t.http.post('/api/v1/departments').set(specialist.auth).send({ name: 'Phòng mới', code: 'PM', kind: 'department' }).expect(403);
    await t.http.patch(`/api/v1/departments/${dept.id}`).set(specialist.auth).send({ name: 'Đổi' }).expect(403);
    await t.http.post('/api/v1/users').set(specialist.auth).send({ username: `s${Date.now()}`, password: 'Hoa-Sen-No#2025!', fullName: 'S', positionTitle: 'S', roles: [] }).expect(403);
    await t.http.put(`/api/v1/users/${specialist.id}/roles`).set(specialist.auth).send({ roles: [{ role: 'admin' }] }).expect(403);
    await t.http.put('/api/v1/signing-rules').set(specialist.auth).send([]).expect(403);
    await t.http.get('/api/v1/organization/readiness').set(specialist.auth).expect(403);
    await t.http.get('/api/v1/audit-log').set(specialist.auth).expect(403);
    // Seeing the directory is allowed: a clerk must be able to pick a leader.
    await t.http.get('/api/v1/users').set(specialist.auth).expect(200);
  });

  it('a clerk of one department has no rights in another department\'s register', async () => {
    const org = await createOrganization(t);
    const kt = await createDepartment(t, org, { name: 'Phòng Kinh tế', code: 'KT' });
    const vhxh = await createDepartment(t, org, { name: 'Phòng Văn hóa - Xã hội', code: 'VHXH' });
    const ktClerk = await createUser(t, org, { roles: [{ role: 'clerk', departmentId: kt.id }] });
    const year = new Date().getFullYear();
    const res = await t.http.post('/api/v1/registers').set(ktClerk.auth)
      .send({ kind: 'incoming', name: 'Sổ đến riêng', year, departmentId: vhxh.id }).expect(403);
    expect(res.body.error.message).toMatch(/đơn vị mình/);
    await t.http.post('/api/v1/registers').set(ktClerk.auth).send({ kind: 'incoming', name: 'Sổ của Văn phòng', year }).expect(403);
    await t.http.post('/api/v1/registers').set(ktClerk.auth).send({ kind: 'incoming', name: 'Sổ đến 2', year, departmentId: kt.id }).expect(201);
    const visible = await t.http.get('/api/v1/registers').set(ktClerk.auth).expect(200);
    expect(visible.body.items.length).toBeGreaterThan(0);
    expect(visible.body.items.every((r: { departmentId: string }) => r.departmentId === kt.id)).toBe(true);
  });

  it('one department has at most one head', async () => {
    const org = await createOrganization(t);
    const dept = await createDepartment(t, org);
    await createUser(t, org, { roles: [{ role: 'head', departmentId: dept.id }] });
    const res = await t.http.post('/api/v1/users').set(org.admin.auth).send({
      username: `h${Date.now()}`, password: 'Hoa-Sen-No#2025!', fullName: 'Trưởng 2', positionTitle: 'Trưởng phòng', roles: [{ role: 'head', departmentId: dept.id }],
    }).expect(409);
    expect(res.body.error.message).toMatch(/đã có Trưởng phòng/);
  });

  it('the document type catalog lists the 29 Decree 30 types', async () => {
    const org = await createOrganization(t);
    const res = await t.http.get('/api/v1/document-types').set(org.admin.auth).expect(200);
    expect(res.body).toHaveLength(29);
    expect(res.body).toContainEqual({ key: 'QUYET_DINH', name: 'Quyết định', abbreviation: 'QĐ' });
    expect(res.body).toContainEqual({ key: 'CONG_VAN', name: 'Công văn', abbreviation: null });
  });
});
