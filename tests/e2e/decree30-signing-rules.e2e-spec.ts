import { draftAwaitingSignature, signedDocument } from '../factories/outgoing.factory';
import { withSigningWard } from '../factories/signing-ward.factory';
import type { TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';

const OUT = '/api/v1/outgoing-documents';

describe('Decree 30 signing rules: TUQ. to unit heads only, delegations not started, TM. by a vice-chairman', () => {
  let t: TestApp;
  let w: TanBinhWard;
  withSigningWard((app, ward) => ((t = app), (w = ward)));

  it('a delegation (TUQ.) to a specialist is refused with the rule of Điều 13; to a unit head it is accepted', async () => {
    const u = w.users;
    const refused = await t.http.post('/api/v1/delegations').set(u.chairman.auth).send({
      fromUserId: u.chairman.id, toUserId: u.ktSpecialist.id, validFrom: '2025-07-07', validTo: '2025-07-09', reason: 'Đi công tác',
    }).expect(422);
    expect(refused.body.error.message).toContain('Điều 13');
    expect(refused.body.error.message).toContain('người đứng đầu');
    expect(refused.body.error.details).toEqual([{ field: 'toUserId' }]);
    await t.http.post('/api/v1/delegations').set(u.chairman.auth).send({
      fromUserId: u.chairman.id, toUserId: u.ktHead.id, validFrom: '2025-07-07', validTo: '2025-07-09', reason: 'Đi công tác',
    }).expect(201);
  });

  it('a delegate whose delegation starts tomorrow is told so (403 with the dates), not 404', async () => {
    const u = w.users;
    await t.http.post('/api/v1/delegations').set(u.chairman.auth).send({
      fromUserId: u.chairman.id, toUserId: u.chiefOfOffice.id, validFrom: '2025-07-08', validTo: '2025-07-10', reason: 'Đi học',
    }).expect(201);
    const doc = await draftAwaitingSignature(t, u.ktSpecialist, u.ktHead, { documentType: 'KE_HOACH', departmentId: w.departments.kt.id, signerId: u.chairman.id });
    const res = await t.http.post(`${OUT}/${doc.id}/sign`).set(u.chiefOfOffice.auth).send({ authority: 'TUQ', onBehalfOfUserId: u.chairman.id }).expect(403);
    expect(res.body.error.code).toBe('SIGNING_NOT_ALLOWED');
    expect(res.body.error.message).toContain('từ ngày 08/07/2025 đến ngày 10/07/2025');
  });

  it('a vice-chairman signing TM. is told which block will be printed', async () => {
    const u = w.users;
    const doc = await draftAwaitingSignature(t, u.officeClerk, u.chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: w.departments.office.id, signerId: u.viceChairman.id });
    const res = await t.http.post(`${OUT}/${doc.id}/sign`).set(u.viceChairman.auth).send({ authority: 'TM' }).expect(200);
    expect(res.body.notice).toBe('Bạn ký thay mặt tập thể với tư cách cấp phó: khối chữ ký được in là "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".');
    const chair = await signedDocument(t, u.officeClerk, u.chiefOfOffice, u.chairman, { documentType: 'QUYET_DINH', departmentId: w.departments.office.id }, 'TM');
    expect(chair.notice).toBeUndefined();
  });

  it('API messages name roles in Vietnamese (Chủ tịch, Chánh Văn phòng…), never by their keys', async () => {
    const u = w.users;
    const rules = (await t.http.get('/api/v1/signing-rules').set(u.admin.auth).expect(200)).body as unknown[];
    const wrongKind = await t.http.put('/api/v1/signing-rules').set(u.admin.auth)
      .send([...rules.map((r) => { const { role, departmentKind, authority, documentTypes } = r as Record<string, unknown>; return { role, departmentKind, authority, documentTypes }; }),
        { role: 'chairman', departmentKind: 'department', authority: 'TL', documentTypes: ['GIAY_MOI'] }]).expect(400);
    expect(wrongKind.body.error.details).toEqual([{ field: `rules.${rules.length}.departmentKind`, message: 'Vai trò Chủ tịch là vai trò của cả đơn vị, không gắn với loại phòng.' }]);

    const noDepartment = await t.http.put(`/api/v1/users/${u.officeSpecialist.id}/roles`).set(u.admin.auth).send({ roles: [{ role: 'deputy_head' }] }).expect(400);
    expect(noDepartment.body.error.details[0].message).toBe('Vai trò Phó Trưởng phòng phải gắn với một phòng ban.');
    const unknownRole = await t.http.put(`/api/v1/users/${u.officeSpecialist.id}/roles`).set(u.admin.auth).send({ roles: [{ role: 'mayor' }] }).expect(400);
    expect(unknownRole.body.error.details[0].message).toContain('chairman (Chủ tịch), vice_chairman (Phó Chủ tịch)');

    // The signing refusal names the office head "Chánh Văn phòng", not "head".
    const doc = await draftAwaitingSignature(t, u.officeClerk, u.chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: w.departments.office.id, signerId: u.chiefOfOffice.id });
    const refused = await t.http.post(`${OUT}/${doc.id}/sign`).set(u.chiefOfOffice.auth).send({ authority: 'TL' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body.error.message).toContain('Chánh Văn phòng');
    for (const key of ['chairman', 'vice_chairman', 'head', 'deputy_head', 'office_head']) {
      for (const m of [wrongKind.body.error.details[0].message, noDepartment.body.error.details[0].message, refused.body.error.message]) expect(m).not.toMatch(new RegExp(`\\b${key}\\b`));
    }
  });
});
