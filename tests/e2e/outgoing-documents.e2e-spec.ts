import { createDraft, draftAwaitingSignature, sampleDraft, signedDocument } from '../factories/outgoing.factory';
import { withSigningWard } from '../factories/signing-ward.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import type { TestApp } from '../setup/test-app';

const OUT = '/api/v1/outgoing-documents';

describe('outgoing documents: drafts, review, issue, delivery and immutability', () => {
  let t: TestApp;
  let w: TanBinhWard;
  withSigningWard((app, ward) => ((t = app), (w = ward)));

  const u = () => w.users;

  it('a draft keeps its file versions; submit → return keeps the reason in history; edits only while a draft', async () => {
    const doc = await createDraft(t, u().ktSpecialist, {
      documentType: 'CONG_VAN', departmentId: w.departments.kt.id, signerId: u().viceChairman.id, urgency: 'urgent', dueDate: '2025-07-10',
      recipients: [{ type: 'external', name: 'Công ty TNHH Xây dựng Tân Bình', code: 'XD-TB' }],
    });
    expect(doc).toMatchObject({ status: 'draft', draftVersion: 1, urgency: 'urgent', dueDate: '2025-07-10',
      recipients: [{ type: 'external', name: 'Công ty TNHH Xây dựng Tân Bình', deliveryStatus: 'pending' }] });
    const v2 = await t.http.post(`${OUT}/${doc.id}/files`).set(u().ktSpecialist.auth)
      .attach('file', await sampleDraft(), { filename: 'du-thao-v2.pdf', contentType: 'application/pdf' }).expect(200);
    expect(v2.body.draftVersion).toBe(2);
    expect(v2.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    await t.http.patch(`${OUT}/${doc.id}`).set(u().ktSpecialist.auth).send({ summary: 'V/v sửa chữa đường nội bộ khu phố 3' }).expect(200);
    // Another department's specialist cannot edit it (and does not even see it).
    await t.http.patch(`${OUT}/${doc.id}`).set(u().vhxhSpecialist.auth).send({ summary: 'x' }).expect(404);

    await t.http.post(`${OUT}/${doc.id}/submit`).set(u().ktSpecialist.auth).send({ reviewerId: u().ktHead.id }).expect(200);
    const locked = await t.http.patch(`${OUT}/${doc.id}`).set(u().ktSpecialist.auth).send({ summary: 'x' }).expect(409);
    expect(locked.body.error.code).toBe('INVALID_STATE');
    // Only the reviewer approves.
    await t.http.post(`${OUT}/${doc.id}/approve`).set(u().ktSpecialist.auth).send({}).expect(403);
    const returned = await t.http.post(`${OUT}/${doc.id}/return`).set(u().ktHead.auth).send({ reason: 'Bổ sung dự toán kinh phí' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'draft', returnReason: 'Bổ sung dự toán kinh phí' });
    expect(returned.body.history).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'returned', fromStatus: 'in_review', toStatus: 'draft', note: 'Bổ sung dự toán kinh phí', actorUserId: u().ktHead.id }),
    ]));
    const inbox = await t.http.get('/api/v1/inbox').set(u().ktSpecialist.auth).expect(200);
    expect(inbox.body).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'outgoing', id: doc.id, action: 'revise' })]));
  });

  it('review and signature work appear in the reviewer\'s and the signer\'s inbox, issue work in the office clerk\'s', async () => {
    const doc = await createDraft(t, u().officeClerk, { documentType: 'GIAY_MOI', departmentId: w.departments.office.id, signerId: u().chiefOfOffice.id });
    await t.http.post(`${OUT}/${doc.id}/submit`).set(u().officeClerk.auth).send({ reviewerId: u().chiefOfOffice.id }).expect(200);
    const review = await t.http.get('/api/v1/inbox').set(u().chiefOfOffice.auth).expect(200);
    expect(review.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: doc.id, action: 'review' })]));
    await t.http.post(`${OUT}/${doc.id}/approve`).set(u().chiefOfOffice.auth).send({ note: 'Đồng ý' }).expect(200);
    const sign = await t.http.get('/api/v1/inbox').set(u().chiefOfOffice.auth).expect(200);
    expect(sign.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: doc.id, action: 'sign', onBehalfOfUserId: null })]));
    await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chiefOfOffice.auth).send({ authority: 'TL' }).expect(200);
    const issue = await t.http.get('/api/v1/inbox').set(u().officeClerk.auth).expect(200);
    expect(issue.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: doc.id, action: 'issue' })]));
    // Only an office clerk issues.
    const refused = await t.http.post(`${OUT}/${doc.id}/issue`).set(u().ktClerk.auth).send({});
    expect(refused.status).toBe(403);
    await t.http.post(`${OUT}/${doc.id}/issue`).set(u().chiefOfOffice.auth).send({}).expect(403);
  });

  it('internal recipients receive it: a line for the department\'s clerk, and another ward gets a `received` document its clerk registers', async () => {
    const other = await createTanBinhWard(t);
    const doc = await signedDocument(t, u().officeClerk, u().chiefOfOffice, u().chiefOfOffice, {
      documentType: 'THONG_BAO', departmentId: w.departments.office.id,
      recipients: [
        { type: 'department', departmentId: w.departments.kt.id },
        { type: 'organization', organizationId: other.org.id },
        { type: 'external', name: 'Báo Sài Gòn Giải Phóng' },
      ],
    }, 'TL');
    const issued = await t.http.post(`${OUT}/${doc.id}/issue`).set(u().officeClerk.auth).send({}).expect(200);
    const [dept, org, ext] = issued.body.recipients;
    expect(dept).toMatchObject({ type: 'department', deliveryStatus: 'delivered' });
    expect(org).toMatchObject({ type: 'organization', deliveryStatus: 'delivered' });
    expect(ext).toMatchObject({ type: 'external', deliveryStatus: 'awaiting_exchange' });

    const line = await t.http.get(`/api/v1/incoming-documents/${dept.incomingDocumentId}`).set(u().ktClerk.auth).expect(200);
    expect(line.body).toMatchObject({ status: 'received', symbol: issued.body.symbol });
    const ktInbox = await t.http.get('/api/v1/inbox').set(u().ktClerk.auth).expect(200);
    expect(ktInbox.body).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'incoming', id: dept.incomingDocumentId })]));

    const received = await t.http.get(`/api/v1/incoming-documents/${org.incomingDocumentId}`).set(other.users.officeClerk.auth).expect(200);
    expect(received.body).toMatchObject({ status: 'received', symbol: issued.body.symbol, documentDate: '2025-07-07', signerName: 'Lê Văn Chánh' });
    const registered = await t.http.post(`/api/v1/incoming-documents/${org.incomingDocumentId}/register`).set(other.users.officeClerk.auth).send({}).expect(200);
    expect(registered.body).toMatchObject({ status: 'registered', arrivalNumber: 1 });
    // The signed PDF arrived with it, byte for byte.
    const file = await t.http.get(`/api/v1/incoming-documents/${org.incomingDocumentId}/file`).set(other.users.officeClerk.auth).expect(200);
    expect(file.headers.etag).toBe(`"${issued.body.fileSha256}"`);
  });

  it('after issue: PATCH and new files → 409 OUTGOING_ISSUED_IMMUTABLE; the database refuses changing the number or deleting the row', async () => {
    const doc = await signedDocument(t, u().officeClerk, u().chiefOfOffice, u().chiefOfOffice, { documentType: 'GIAY_GIOI_THIEU', departmentId: w.departments.office.id }, 'TL');
    const issued = await t.http.post(`${OUT}/${doc.id}/issue`).set(u().officeClerk.auth).send({}).expect(200);
    const patch = await t.http.patch(`${OUT}/${doc.id}`).set(u().officeClerk.auth).send({ summary: 'Đổi' }).expect(409);
    expect(patch.body.error.code).toBe('OUTGOING_ISSUED_IMMUTABLE');
    const files = await t.http.post(`${OUT}/${doc.id}/files`).set(u().officeClerk.auth).send({ fileId: issued.body.fileId }).expect(409);
    expect(files.body.error.code).toBe('OUTGOING_ISSUED_IMMUTABLE');
    await t.http.post(`${OUT}/${doc.id}/sign`).set(u().chiefOfOffice.auth).send({ authority: 'TL' }).expect(409);
    await t.http.post(`${OUT}/${doc.id}/issue`).set(u().officeClerk.auth).send({}).expect(409);

    await expect(t.ds.query(`UPDATE outgoing_documents SET number = number + 100 WHERE id = $1`, [doc.id])).rejects.toThrow(/cannot change/);
    await expect(t.ds.query(`UPDATE outgoing_documents SET file_sha256 = repeat('0', 64) WHERE id = $1`, [doc.id])).rejects.toThrow(/immutable/);
    await expect(t.ds.query(`UPDATE outgoing_documents SET signer_id = $2 WHERE id = $1`, [doc.id, u().chairman.id])).rejects.toThrow(/immutable/);
    await expect(t.ds.query(`DELETE FROM outgoing_document_recipients WHERE outgoing_document_id = $1`, [doc.id])).resolves.toBeDefined();
    await expect(t.ds.query(`DELETE FROM outgoing_documents WHERE id = $1`, [doc.id])).rejects.toThrow(/cannot be deleted/);
    const [row] = await t.ds.query(`SELECT number, symbol FROM outgoing_documents WHERE id = $1`, [doc.id]);
    expect(row).toEqual({ number: issued.body.number, symbol: issued.body.symbol });
  });

  it('32 concurrent issues in one register get contiguous numbers, no gap and no duplicate', async () => {
    const ward = await createTanBinhWard(t);
    const { officeClerk, chiefOfOffice } = ward.users;
    const docs: { id: string }[] = [];
    for (let i = 0; i < 32; i++) {
      docs.push(await signedDocument(t, officeClerk, chiefOfOffice, chiefOfOffice, { documentType: 'THONG_BAO', departmentId: ward.departments.office.id }, 'TL'));
    }
    const started = Date.now();
    const results = await Promise.all(docs.map((d) => t.http.post(`${OUT}/${d.id}/issue`).set(officeClerk.auth).send({})));
    const seconds = (Date.now() - started) / 1000;
    expect(results.map((r) => r.status)).toEqual(docs.map(() => 200));
    const numbers = results.map((r) => r.body.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.body.symbol)).size).toBe(32);
    expect(results.map((r) => r.body.symbol)).toContain('09/TB-UBND');
    // eslint-disable-next-line no-console
    console.log(`issue throughput through HTTP: 32 signed 3-page documents in ${seconds.toFixed(2)} s = ${(32 / seconds).toFixed(1)} docs/s`);
  }, 180_000); // the 32 documents are signed first, each with its own PAdES signature (Decree 30 order)

  it('a failure after the number was allocated keeps the number with the document; issuing again uses the same number', async () => {
    const ward = await createTanBinhWard(t);
    const { officeClerk, chiefOfOffice } = ward.users;
    const doc = await signedDocument(t, officeClerk, chiefOfOffice, chiefOfOffice, { documentType: 'THONG_BAO', departmentId: ward.departments.office.id }, 'TL');
    // Break the signed copy's stored bytes (what issue reads) so rendering fails after numbering.
    const [{ sha256, size }] = await t.ds.query(`SELECT f.sha256, f.size FROM files f JOIN outgoing_documents d ON d.signed_file_id = f.id WHERE d.id = $1`, [doc.id]);
    const { join } = await import('node:path');
    const { readFile, writeFile } = await import('node:fs/promises');
    const path = join(t.config.filesDir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const original = await readFile(path);
    expect(original.length).toBe(Number(size));
    await writeFile(path, Buffer.from('broken'));
    try {
      const failed = await t.http.post(`${OUT}/${doc.id}/issue`).set(officeClerk.auth).send({});
      expect(failed.status).toBeGreaterThanOrEqual(400);
      const kept = await t.http.get(`${OUT}/${doc.id}`).set(officeClerk.auth).expect(200);
      expect(kept.body).toMatchObject({ status: 'signed', number: 1, symbol: '01/TB-UBND' });
    } finally {
      await writeFile(path, original);
    }
    const next = await signedDocument(t, officeClerk, chiefOfOffice, chiefOfOffice, { documentType: 'THONG_BAO', departmentId: ward.departments.office.id }, 'TL');
    const second = await t.http.post(`${OUT}/${next.id}/issue`).set(officeClerk.auth).send({}).expect(200);
    expect(second.body.number).toBe(2);
    const retried = await t.http.post(`${OUT}/${doc.id}/issue`).set(officeClerk.auth).send({}).expect(200);
    expect(retried.body).toMatchObject({ status: 'issued', number: 1, symbol: '01/TB-UBND' });
  });

  it('Idempotency-Key: creating or issuing twice with the same key returns the first result (same id, same number)', async () => {
    const ward = await createTanBinhWard(t);
    const { officeClerk, chiefOfOffice } = ward.users;
    const key = '3f1c6a52-6c1d-4f7e-9d2a-0b7c1e2f3a41';
    const body = { documentType: 'THONG_BAO', summary: 'Thông báo nghỉ lễ', departmentId: ward.departments.office.id };
    const a = await t.http.post(OUT).set(officeClerk.auth).set('Idempotency-Key', key).send(body).expect(201);
    const b = await t.http.post(OUT).set(officeClerk.auth).set('Idempotency-Key', key).send(body).expect(201);
    expect(b.body.id).toBe(a.body.id);
    const doc = await signedDocument(t, officeClerk, chiefOfOffice, chiefOfOffice, { documentType: 'THONG_BAO', departmentId: ward.departments.office.id }, 'TL');
    const issueKey = '7d2e4b1a-1f3c-4a5b-8c6d-9e0f1a2b3c4d';
    const first = await t.http.post(`${OUT}/${doc.id}/issue`).set(officeClerk.auth).set('Idempotency-Key', issueKey).send({}).expect(200);
    const again = await t.http.post(`${OUT}/${doc.id}/issue`).set(officeClerk.auth).set('Idempotency-Key', issueKey).send({}).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, number: first.body.number, symbol: first.body.symbol, fileId: first.body.fileId });
  });

  it('a document issued at 00:30 on 1 January (local) is numbered in the new year\'s register', async () => {
    const ward = await createTanBinhWard(t);
    const { officeClerk, chiefOfOffice } = ward.users;
    const doc = await signedDocument(t, officeClerk, chiefOfOffice, chiefOfOffice, { documentType: 'THONG_BAO', departmentId: ward.departments.office.id }, 'TL');
    t.clock.set('2025-12-31T17:30:00Z');
    try {
      const res = await t.http.post(`${OUT}/${doc.id}/issue`).set(officeClerk.auth).send({}).expect(200);
      expect(res.body).toMatchObject({ number: 1, issuedDate: '2026-01-01' });
    } finally {
      t.clock.set('2025-07-07T03:00:00Z');
    }
  });

  it('state-secret documents are metadata only: no file, numbered in the confidential register', async () => {
    const refused = await t.http.post(OUT).set(u().officeClerk.auth)
      .field('data', JSON.stringify({ documentType: 'BAO_CAO', summary: 'Báo cáo mật', departmentId: w.departments.office.id, confidentiality: 'secret' }))
      .attach('file', await sampleDraft(), { filename: 'mat.pdf', contentType: 'application/pdf' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CONFIDENTIAL_CONTENT_REFUSED');
    const created = await t.http.post(OUT).set(u().officeClerk.auth).send({
      documentType: 'BAO_CAO', summary: 'Báo cáo mật', departmentId: w.departments.office.id, confidentiality: 'secret', signerId: u().chairman.id,
    }).expect(201);
    await t.http.post(`${OUT}/${created.body.id}/submit`).set(u().officeClerk.auth).send({ reviewerId: u().chiefOfOffice.id }).expect(200);
    await t.http.post(`${OUT}/${created.body.id}/approve`).set(u().chiefOfOffice.auth).send({}).expect(200);
    await t.http.post(`${OUT}/${created.body.id}/sign`).set(u().chairman.auth).send({ authority: 'TM' }).expect(200);
    const issued = await t.http.post(`${OUT}/${created.body.id}/issue`).set(u().officeClerk.auth).send({}).expect(200);
    expect(issued.body).toMatchObject({ status: 'issued', number: 1, symbol: '01/BC-UBND', fileId: null });
    const [reg] = await t.ds.query(`SELECT r.confidential FROM registers r JOIN outgoing_documents d ON d.register_id = r.id WHERE d.id = $1`, [created.body.id]);
    expect(reg.confidential).toBe(true);
    const file = await t.http.get(`${OUT}/${created.body.id}/file`).set(u().officeClerk.auth).expect(422);
    expect(file.body.error.code).toBe('CONFIDENTIAL_CONTENT_REFUSED');
  });

  it('visibility: drafters, their head, reviewer, signer, leaders and office clerks see it; others get 404; lists match', async () => {
    const doc = await createDraft(t, u().ktSpecialist, { documentType: 'KE_HOACH', departmentId: w.departments.kt.id, signerId: u().viceChairman.id });
    for (const who of [u().ktSpecialist, u().ktHead, u().viceChairman, u().chairman, u().officeClerk]) {
      await t.http.get(`${OUT}/${doc.id}`).set(who.auth).expect(200);
    }
    for (const who of [u().vhxhHead, u().vhxhSpecialist, u().pvhccClerk, u().admin]) {
      await t.http.get(`${OUT}/${doc.id}`).set(who.auth).expect(404);
    }
    const listed = await t.http.get(`${OUT}?pageSize=100`).set(u().vhxhHead.auth).expect(200);
    expect(listed.body.items.find((i: { id: string }) => i.id === doc.id)).toBeUndefined();
    const mine = await t.http.get(`${OUT}?pageSize=100&status=draft`).set(u().ktHead.auth).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(doc.id);
    // A specialist without signing rules: 403 with the rule, not a silent success.
    await t.http.post(`${OUT}/${doc.id}/submit`).set(u().ktSpecialist.auth).send({ reviewerId: u().ktHead.id }).expect(200);
    await t.http.post(`${OUT}/${doc.id}/approve`).set(u().ktHead.auth).send({}).expect(200);
    const res = await t.http.post(`${OUT}/${doc.id}/sign`).set(u().ktSpecialist.auth).send({ authority: 'KT' }).expect(403);
    expect(res.body.error.code).toBe('SIGNING_NOT_ALLOWED');
  });

  it('signing keys: the org admin issues development certificates and lists them; others cannot', async () => {
    const res = await t.http.post('/api/v1/signing-keys/dev-certificates').set(u().admin.auth).send({ userId: u().chairman.id }).expect(201);
    expect(res.body).toMatchObject({ ownerKind: 'person', userId: u().chairman.id, source: 'dev_ca', subjectCommonName: 'Nguyễn Thị Phượng', active: true });
    await t.http.post('/api/v1/signing-keys/dev-certificates').set(u().admin.auth).send({ agency: true }).expect(201);
    await t.http.post('/api/v1/signing-keys/dev-certificates').set(u().chairman.auth).send({ agency: true }).expect(403);
    const list = await t.http.get('/api/v1/signing-keys').set(u().admin.auth).expect(200);
    expect(list.body.filter((k: { active: boolean }) => k.active).length).toBeGreaterThanOrEqual(2);
    const own = await t.http.get('/api/v1/signing-keys').set(u().chairman.auth).expect(200);
    expect(own.body.every((k: { userId: string }) => k.userId === u().chairman.id)).toBe(true);
    const [row] = await t.ds.query(`SELECT p12_encrypted FROM signing_keys WHERE id = $1`, [res.body.id]);
    expect(row.p12_encrypted).toMatch(/^v1:/);
  });
});
