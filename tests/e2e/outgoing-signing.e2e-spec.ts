import { pdfsig, pdftotext } from '../../src/modules/files/pdf/pdf-test-support';
import { createDraft, downloadPdf, draftAwaitingSignature, signedDocument } from '../factories/outgoing.factory';
import { withSigningWard } from '../factories/signing-ward.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';

const OUT = '/api/v1/outgoing-documents';

describe('outgoing documents: signing rules, delegation, numbering and the signed PDF', () => {
  let t: TestApp;
  let w: TanBinhWard;
  withSigningWard((app, ward) => ((t = app), (w = ward)));

  const office = () => w.departments.office.id;
  const u = () => w.users;

  describe('in one register, in order', () => {
    let notice: { id: string };
    let decision: { id: string };

    it('the Chánh Văn phòng signs a Thông báo TL. and the clerk issues Số: 01/TB-UBND', async () => {
      notice = await signedDocument(t, u().officeClerk, u().chiefOfOffice, u().chiefOfOffice, { documentType: 'THONG_BAO', departmentId: office() }, 'TL');
      expect(notice).toMatchObject({ status: 'signed', signatureBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Lê Văn Chánh' } });
      const res = await t.http.post(`${OUT}/${notice.id}/issue`).set(u().officeClerk.auth).send({}).expect(200);
      expect(res.body).toMatchObject({ status: 'issued', number: 1, symbol: '01/TB-UBND', issuedDate: '2025-07-07' });
    });

    it('the issued PDF shows the number line, the place-and-date line and the block, and carries two intact signatures', async () => {
      const pdf = await downloadPdf(t, u().officeClerk, notice.id);
      const page1 = await pdftotext(pdf, 1);
      expect(page1).toContain('Số: 01/TB-UBND');
      expect(page1).toContain('Tân Bình, ngày 07 tháng 7 năm 2025');
      const last = await pdftotext(pdf, 3);
      expect(last).toContain('TL. CHỦ TỊCH');
      expect(last).toContain('CHÁNH VĂN PHÒNG');
      expect(last).toContain('Lê Văn Chánh');
      const sig = await pdfsig(pdf);
      expect(sig).toContain('Signature #1');
      expect(sig).toContain('Signature #2');
      expect(sig).not.toContain('Signature #3');
      expect(sig.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
      expect(sig).toMatch(/Signing Time: .*2025/);

      const verify = await t.http.get(`${OUT}/${notice.id}/verify`).set(u().officeClerk.auth).expect(200);
      expect(verify.body).toMatchObject({
        valid: true,
        signatures: [
          { signerName: 'Lê Văn Chánh', role: 'signer', intact: true },
          { role: 'agency', intact: true },
        ],
      });
      expect(verify.body.signatures[0].signedAt).toMatch(/\+07:00$/);
      expect(verify.body.signatures[1].signedAt).toBe('2025-07-07T10:00:00+07:00');
    });

    it('one flipped byte in the signed PDF: POST /signatures/verify and GET verify say not valid', async () => {
      const pdf = await downloadPdf(t, u().officeClerk, notice.id);
      const ok = await t.http.post('/api/v1/signatures/verify').set(u().officeClerk.auth)
        .attach('file', pdf, { filename: 'vb.pdf', contentType: 'application/pdf' }).expect(200);
      expect(ok.body).toMatchObject({ valid: true, modifiedAfterLastSignature: false });
      expect(ok.body.signatures).toHaveLength(2);

      const flipped = Buffer.from(pdf);
      // A byte of the first revision (covered by both signatures): both must report the change.
      flipped[400] ^= 0x01;
      const bad = await t.http.post('/api/v1/signatures/verify').set(u().officeClerk.auth)
        .attach('file', flipped, { filename: 'vb.pdf', contentType: 'application/pdf' }).expect(200);
      expect(bad.body.valid).toBe(false);
      expect(bad.body.signatures.map((s: { intact: boolean }) => s.intact)).toEqual([false, false]);

      // The same flip in the stored copy: the document's own verification reports it.
      const [{ file_sha256: sha }] = await t.ds.query(`SELECT file_sha256 FROM outgoing_documents WHERE id = $1`, [notice.id]);
      const { join } = await import('node:path');
      const { writeFile } = await import('node:fs/promises');
      const path = join(t.config.filesDir, 'sha256', sha.slice(0, 2), sha.slice(2, 4), sha);
      await writeFile(path, flipped);
      try {
        const res = await t.http.get(`${OUT}/${notice.id}/verify`).set(u().officeClerk.auth).expect(200);
        expect(res.body.valid).toBe(false);
        expect(res.body.signatures.every((s: { intact: boolean }) => !s.intact)).toBe(true);
      } finally {
        await writeFile(path, pdf);
      }
    });

    it('the same Chánh Văn phòng signing a Quyết định → 403 SIGNING_NOT_ALLOWED saying what the rules allow', async () => {
      const doc = await draftAwaitingSignature(t, u().officeClerk, u().chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: office(), signerId: u().chiefOfOffice.id });
      const res = await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chiefOfOffice.auth).send({ authority: 'TL' }).expect(403);
      expect(res.body.error.code).toBe('SIGNING_NOT_ALLOWED');
      expect(res.body.error.message).toContain('Theo quy chế, Chánh Văn phòng chỉ được ký thừa lệnh (TL.) các loại: Thông báo, Giấy mời, Giấy giới thiệu, Công văn.');
    });

    it('with a valid delegation from the Chủ tịch for Quyết định, the Chánh Văn phòng signs TUQ. and it is issued 02/QĐ-UBND', async () => {
      await t.http.post('/api/v1/delegations').set(u().chairman.auth).send({
        fromUserId: u().chairman.id, toUserId: u().chiefOfOffice.id, validFrom: '2025-07-07', validTo: '2025-07-09',
        documentTypes: ['QUYET_DINH'], reason: 'Chủ tịch đi công tác',
      }).expect(201);
      decision = await draftAwaitingSignature(t, u().officeClerk, u().chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: office(), signerId: u().chairman.id });
      const inbox = await t.http.get('/api/v1/inbox').set(u().chiefOfOffice.auth).expect(200);
      expect(inbox.body).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'outgoing', id: decision.id, action: 'sign', onBehalfOfUserId: u().chairman.id }),
      ]));
      const signed = await t.http.post(`${OUT}/${decision.id}/sign`).set(u().chiefOfOffice.auth)
        .send({ authority: 'TUQ', onBehalfOfUserId: u().chairman.id }).expect(200);
      expect(signed.body).toMatchObject({
        signatureBlock: { lines: ['TUQ. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'], name: 'Lê Văn Chánh' },
        signedByUserId: u().chiefOfOffice.id, onBehalfOfUserId: u().chairman.id,
      });
      const history = signed.body.history.find((h: { action: string }) => h.action === 'signed');
      expect(history).toMatchObject({ actorUserId: u().chiefOfOffice.id, onBehalfOfUserId: u().chairman.id, data: { principalName: 'Nguyễn Thị Phượng' } });
      const issued = await t.http.post(`${OUT}/${decision.id}/issue`).set(u().officeClerk.auth).send({}).expect(200);
      expect(issued.body.symbol).toBe('02/QĐ-UBND');
    });

    it('a Phó Chủ tịch signs a công văn KT. and it is issued 03/UBND-KTHTĐT (drafted by Phòng Kinh tế - Hạ tầng và Đô thị)', async () => {
      const doc = await signedDocument(t, u().ktSpecialist, u().ktHead, u().viceChairman, { documentType: 'CONG_VAN', departmentId: w.departments.kt.id }, 'KT');
      expect(doc.signatureBlock).toEqual({ lines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Hoàng Khanh' });
      const issued = await t.http.post(`${OUT}/${doc.id}/issue`).set(u().officeClerk.auth).send({}).expect(200);
      expect(issued.body).toMatchObject({ number: 3, symbol: '03/UBND-KTHTĐT' });
      const pdf = await downloadPdf(t, u().ktSpecialist, doc.id);
      expect(await pdftotext(pdf, 1)).toContain('Số: 03/UBND-KTHTĐT');
    });

    it('with the delegation expired (clock past validTo) the Chánh Văn phòng gets 403 again', async () => {
      const doc = await draftAwaitingSignature(t, u().officeClerk, u().chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: office(), signerId: u().chairman.id });
      t.clock.set('2025-07-10T03:00:00Z');
      try {
        const res = await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chiefOfOffice.auth)
          .send({ authority: 'TUQ', onBehalfOfUserId: u().chairman.id });
        // He reviewed it, so he still sees it; the expired delegation gives no power.
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('SIGNING_NOT_ALLOWED');
        expect(res.body.error.message).toContain('không có ủy quyền còn hiệu lực');
        const inbox = await t.http.get('/api/v1/inbox').set(u().chiefOfOffice.auth).expect(200);
        expect(inbox.body.find((i: { id: string }) => i.id === doc.id)).toBeUndefined();
      } finally {
        t.clock.set('2025-07-07T03:00:00Z');
      }
    });
  });

  it('a vice-chairman signing TM writes TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', async () => {
    const doc = await signedDocument(t, u().officeClerk, u().chiefOfOffice, u().viceChairman, { documentType: 'QUYET_DINH', departmentId: office() }, 'TM');
    expect(doc.signatureBlock).toEqual({ lines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Hoàng Khanh' });
  });

  it('the Chủ tịch signs TM.: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH; KT. is not in the Chủ tịch\'s rules → 403', async () => {
    const doc = await draftAwaitingSignature(t, u().officeClerk, u().chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: office(), signerId: u().chairman.id });
    const refused = await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chairman.auth).send({ authority: 'KT' }).expect(403);
    expect(refused.body.error.message).toContain('Chủ tịch chỉ được ký thay mặt (TM.) mọi loại văn bản');
    const ok = await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chairman.auth).send({ authority: 'TM' }).expect(200);
    expect(ok.body.signatureBlock).toEqual({ lines: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: 'Nguyễn Thị Phượng' });
  });

  describe('peers\' delegation bugs do not happen here', () => {
    it('signing is impossible before approval (409 INVALID_STATE), even for the designated signer', async () => {
      const doc = await createDraft(t, u().officeClerk, { documentType: 'THONG_BAO', departmentId: office(), signerId: u().chiefOfOffice.id });
      const draft = await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chiefOfOffice.auth).send({ authority: 'TL' }).expect(409);
      expect(draft.body.error.code).toBe('INVALID_STATE');
      await t.http.post(`${OUT}/${doc.id}/submit`).set(u().officeClerk.auth).send({ reviewerId: u().chiefOfOffice.id }).expect(200);
      const inReview = await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chiefOfOffice.auth).send({ authority: 'TL' }).expect(409);
      expect(inReview.body.error.code).toBe('INVALID_STATE');
      await t.http.post(`${OUT}/${doc.id}/issue`).set(u().officeClerk.auth).send({}).expect(409);
    });

    it('a substitute holding a delegation can still sign their own documents as themself', async () => {
      const w2 = await createTanBinhWard(t);
      await t.http.post('/api/v1/delegations').set(w2.users.chairman.auth).send({
        fromUserId: w2.users.chairman.id, toUserId: w2.users.chiefOfOffice.id, validFrom: '2025-07-07', validTo: '2025-07-31', reason: 'Nghỉ phép',
      }).expect(201);
      const own = await signedDocument(t, w2.users.officeClerk, w2.users.chiefOfOffice, w2.users.chiefOfOffice,
        { documentType: 'GIAY_MOI', departmentId: w2.departments.office.id }, 'TL');
      expect(own).toMatchObject({ status: 'signed', onBehalfOfUserId: null, signatureBlock: { lines: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'] } });
    });

    it('"on behalf of" names the right principal when two delegations are active', async () => {
      const w3 = await createTanBinhWard(t);
      const { chairman, viceChairman, chiefOfOffice, officeClerk } = w3.users;
      for (const from of [chairman, viceChairman]) {
        await t.http.post('/api/v1/delegations').set(from.auth).send({
          fromUserId: from.id, toUserId: chiefOfOffice.id, validFrom: '2025-07-07', validTo: '2025-07-31', reason: 'Đi học',
        }).expect(201);
      }
      const forVice = await draftAwaitingSignature(t, officeClerk, chiefOfOffice, { documentType: 'KE_HOACH', departmentId: w3.departments.office.id, signerId: viceChairman.id });
      const forChair = await draftAwaitingSignature(t, officeClerk, chiefOfOffice, { documentType: 'KE_HOACH', departmentId: w3.departments.office.id, signerId: chairman.id });
      // Naming the wrong principal for the document is refused.
      const wrong = await t.http.post(`${OUT}/${forVice.id}/sign`).set(chiefOfOffice.auth).send({ authority: 'TUQ', onBehalfOfUserId: chairman.id }).expect(403);
      expect(wrong.body.error.code).toBe('SIGNING_NOT_ALLOWED');
      const a = await t.http.post(`${OUT}/${forVice.id}/sign`).set(chiefOfOffice.auth).send({ authority: 'TUQ', onBehalfOfUserId: viceChairman.id }).expect(200);
      const b = await t.http.post(`${OUT}/${forChair.id}/sign`).set(chiefOfOffice.auth).send({ authority: 'TUQ', onBehalfOfUserId: chairman.id }).expect(200);
      expect(a.body).toMatchObject({ onBehalfOfUserId: viceChairman.id, signatureBlock: { lines: ['TUQ. PHÓ CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'] } });
      expect(b.body).toMatchObject({ onBehalfOfUserId: chairman.id, signatureBlock: { lines: ['TUQ. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'] } });
      expect(a.body.history.at(-1)).toMatchObject({ onBehalfOfUserId: viceChairman.id, data: { principalName: 'Phạm Hoàng Khanh' } });
      expect(b.body.history.at(-1)).toMatchObject({ onBehalfOfUserId: chairman.id, data: { principalName: 'Nguyễn Thị Phượng' } });
    });

    it('items already waiting for the principal move to the delegate\'s inbox, and a revoked delegation gives nothing', async () => {
      const w4 = await createTanBinhWard(t);
      const { chairman, chiefOfOffice, officeClerk } = w4.users;
      const waiting = await draftAwaitingSignature(t, officeClerk, chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: w4.departments.office.id, signerId: chairman.id });
      const before = await t.http.get('/api/v1/inbox').set(chiefOfOffice.auth).expect(200);
      expect(before.body.find((i: { id: string; action: string }) => i.id === waiting.id && i.action === 'sign')).toBeUndefined();
      const d = await t.http.post('/api/v1/delegations').set(chairman.auth).send({
        fromUserId: chairman.id, toUserId: chiefOfOffice.id, validFrom: '2025-07-07', validTo: '2025-07-08', documentTypes: ['QUYET_DINH'], reason: 'Họp ở Thành phố',
      }).expect(201);
      const after = await t.http.get('/api/v1/inbox').set(chiefOfOffice.auth).expect(200);
      expect(after.body).toEqual(expect.arrayContaining([
        expect.objectContaining({ kind: 'outgoing', id: waiting.id, action: 'sign', onBehalfOfUserId: chairman.id }),
      ]));
      await t.http.get(`${OUT}/${waiting.id}`).set(chiefOfOffice.auth).expect(200);
      await t.http.delete(`/api/v1/delegations/${d.body.id}`).set(chairman.auth).expect(204);
      const revoked = await t.http.get('/api/v1/inbox').set(chiefOfOffice.auth).expect(200);
      expect(revoked.body.find((i: { id: string; action: string }) => i.id === waiting.id && i.action === 'sign')).toBeUndefined();
      const sign = await t.http.post(`${OUT}/${waiting.id}/sign`).set(chiefOfOffice.auth).send({ authority: 'TUQ', onBehalfOfUserId: chairman.id });
      expect(sign.status).toBe(403); // he reviewed it so he still sees it, but the revoked delegation gives no power
      expect(sign.body.error.code).toBe('SIGNING_NOT_ALLOWED');
      const inboxChair = await t.http.get('/api/v1/inbox').set(chairman.auth).expect(200);
      expect(inboxChair.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: waiting.id, action: 'sign' })]));
    });

    it('a delegation passes only the principal\'s own powers: a delegate of the Chánh Văn phòng cannot sign a Quyết định on his behalf', async () => {
      const w5 = await createTanBinhWard(t);
      const { chiefOfOffice, ktHead, officeClerk, chairman } = w5.users;
      // The chief of office received the Chủ tịch's power; he cannot pass it on.
      await t.http.post('/api/v1/delegations').set(chairman.auth).send({
        fromUserId: chairman.id, toUserId: chiefOfOffice.id, validFrom: '2025-07-07', validTo: '2025-07-31', reason: 'Công tác',
      }).expect(201);
      await t.http.post('/api/v1/delegations').set(chiefOfOffice.auth).send({
        fromUserId: chiefOfOffice.id, toUserId: ktHead.id, validFrom: '2025-07-07', validTo: '2025-07-31', reason: 'Nghỉ phép',
      }).expect(201);
      const qd = await draftAwaitingSignature(t, officeClerk, chiefOfOffice, { documentType: 'QUYET_DINH', departmentId: w5.departments.office.id, signerId: chiefOfOffice.id });
      const res = await t.http.post(`${OUT}/${qd.id}/sign`).set(ktHead.auth).send({ authority: 'TUQ', onBehalfOfUserId: chiefOfOffice.id });
      expect([403, 404]).toContain(res.status);
      const tb = await draftAwaitingSignature(t, officeClerk, chiefOfOffice, { documentType: 'THONG_BAO', departmentId: w5.departments.office.id, signerId: chiefOfOffice.id });
      await t.http.post(`${OUT}/${tb.id}/sign`).set(ktHead.auth).send({ authority: 'TUQ', onBehalfOfUserId: chiefOfOffice.id }).expect(200);
    });
  });
});
