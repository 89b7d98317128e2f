import { readFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import path from 'node:path';
import type { Response } from 'supertest';
import type { AuditAction } from '../../../src/modules/audit/audit-actions';
import { toPkcs12 } from '../../../src/modules/signing/crypto/dev-ca';
import { directedIncoming, incomingBody, registerIncoming } from '../../factories/incoming.factory';
import { createDraft, draftAwaitingSignature, sampleDraft, signedDocument } from '../../factories/outgoing.factory';
import { createTask } from '../../factories/tasks.factory';
import { legacyFixture, previewLegacyImport } from '../../factories/legacy-import.factory';
import { createUser, TanBinhWard, TEST_PASSWORD, tokenFor, type TestUser } from '../../factories/ward.factory';
import { makePdf } from '../../fixtures/pdf-fixtures';
import { testRootAndLeaf } from '../../fixtures/pki-fixtures';
import type { TestApp } from '../../setup/test-app';
import { EXCHANGE_AUDIT_FIXTURES } from './exchange-audit-fixtures';

/**
 * For every route that changes state: how to prepare its preconditions, the one request that performs it, and the
 * audit action(s) that request must leave. The audit-coverage test fails for a state-changing route without an entry:
 * a new route must add one here (and its action to src/modules/audit/audit-actions.ts).
 */
export interface AuditContext {
  t: TestApp;
  w: TanBinhWard;
  systemAdmin: TestUser;
}

export interface AuditStep {
  act: () => Promise<Response>;
  /** Usually one action; `issue` is two committed steps (the number is reserved first so it is never lost). */
  expect: AuditAction[];
}

export type AuditFixture = (ctx: AuditContext) => Promise<AuditStep>;

/** Routes that use POST but store nothing. */
export const NOT_STATE_CHANGING: Record<string, string> = {
  'POST /api/v1/signatures/verify': 'checks the signatures of an uploaded PDF and keeps nothing',
  'POST /api/v1/notifications/stream-tickets': 'a 60-second single-use ticket to open the caller\'s own notification stream; no record changes',
};

const API = '/api/v1';
const DEADLINE = '2025-07-31';
const seal = () => readFileSync(path.resolve(__dirname, '../../../assets/demo/seal-ubnd.png'));
const notice = (w: TanBinhWard) => ({ documentType: 'THONG_BAO', departmentId: w.departments.office.id, signerId: w.users.chiefOfOffice.id });

async function login(t: TestApp, user: TestUser) {
  const res = await t.http.post(`${API}/auth/login`).send({ username: user.username, password: TEST_PASSWORD }).expect(200);
  return res.body as { accessToken: string; refreshToken: string };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const NEW_PASSWORD = 'Cay-Bang-Truoc-Ngo#7';
/** A TOTP code for the test clock's instant (the server checks codes against its Clock). */
const totp = (t: TestApp, secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), period: 30, timestamp: t.clock.now().getTime() });
const freshUser = ({ t, w }: AuditContext) => createUser(t, { id: w.org.id, admin: w.users.admin }, { roles: [] });

/** A user with two-factor enrolled and confirmed, signed in with a fresh session. */
async function mfaUser(ctx: AuditContext) {
  const { t } = ctx;
  const u = await freshUser(ctx);
  const s = await login(t, u);
  const enrol = (await t.http.post(`${API}/auth/mfa/enroll`).set(bearer(s.accessToken)).expect(200)).body as { secret: string };
  await t.http.post(`${API}/auth/mfa/confirm`).set(bearer(s.accessToken)).send({ code: totp(t, enrol.secret) }).expect(200);
  return { u, secret: enrol.secret };
}

async function informLine(ctx: AuditContext) {
  const { t, w } = ctx;
  const doc = await directedIncoming(t, { clerk: w.users.officeClerk, leader: w.users.chairman },
    { lead: { departmentId: w.departments.kt.id }, informed: [{ departmentId: w.departments.vhxh.id }], deadline: DEADLINE });
  return { doc, line: doc.lines.find((l) => l.role === 'inform')! };
}

async function openLine(ctx: AuditContext) {
  const { t, w } = ctx;
  const doc = await directedIncoming(t, { clerk: w.users.officeClerk, leader: w.users.chairman },
    { lead: { departmentId: w.departments.kt.id }, deadline: DEADLINE });
  const lead = doc.lines.find((l) => l.role === 'lead')!;
  return { doc, lead };
}

async function receivedLine(ctx: AuditContext) {
  const { t, w } = ctx;
  const { doc, lead } = await openLine(ctx);
  await t.http.post(`${API}/incoming-documents/${doc.id}/lines/${lead.id}/receive`).set(w.users.ktClerk.auth).send({}).expect(200);
  return { doc, lead };
}

async function taskFor(ctx: AuditContext) {
  const { t, w } = ctx;
  return createTask(t, w.users.chairman, { assignee: { userId: w.users.ktSpecialist.id }, deadline: DEADLINE });
}

async function reportedTask(ctx: AuditContext) {
  const { t, w } = ctx;
  const task = await taskFor(ctx);
  await t.http.post(`${API}/tasks/${task.id}/report-completion`).set(w.users.ktSpecialist.auth).send({ report: 'Đã xong.' }).expect(200);
  return task;
}

export const AUDIT_FIXTURES: Record<string, AuditFixture> = {
  // ---- accounts ------------------------------------------------------------------------------------------------
  'POST /api/v1/auth/login': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/auth/login`).send({ username: w.users.officeSpecialist.username, password: TEST_PASSWORD }),
    expect: ['auth.login'],
  }),
  'POST /api/v1/auth/refresh': async ({ t, w }) => {
    const { refreshToken } = await login(t, w.users.officeSpecialist);
    return { act: () => t.http.post(`${API}/auth/refresh`).send({ refreshToken }), expect: ['auth.refreshed'] };
  },
  'POST /api/v1/auth/logout': async ({ t, w }) => {
    const { accessToken, refreshToken } = await login(t, w.users.officeSpecialist);
    return { act: () => t.http.post(`${API}/auth/logout`).set({ Authorization: `Bearer ${accessToken}` }).send({ refreshToken }), expect: ['auth.logout'] };
  },
  'POST /api/v1/auth/change-password': async (ctx) => {
    const u = await freshUser(ctx);
    const s = await login(ctx.t, u);
    return {
      act: () => ctx.t.http.post(`${API}/auth/change-password`).set(bearer(s.accessToken)).send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
      expect: ['auth.password_changed'],
    };
  },
  'DELETE /api/v1/auth/sessions/:id': async (ctx) => {
    const u = await freshUser(ctx);
    await login(ctx.t, u);
    const desk = await login(ctx.t, u);
    const list = (await ctx.t.http.get(`${API}/auth/sessions`).set(bearer(desk.accessToken)).expect(200)).body.items as { id: string; current: boolean }[];
    const other = list.find((x) => !x.current)!;
    return { act: () => ctx.t.http.delete(`${API}/auth/sessions/${other.id}`).set(bearer(desk.accessToken)), expect: ['auth.session_revoked'] };
  },
  'POST /api/v1/auth/mfa/enroll': async (ctx) => {
    const s = await login(ctx.t, await freshUser(ctx));
    return { act: () => ctx.t.http.post(`${API}/auth/mfa/enroll`).set(bearer(s.accessToken)).send({}), expect: ['auth.mfa_enrollment_started'] };
  },
  'POST /api/v1/auth/mfa/confirm': async (ctx) => {
    const s = await login(ctx.t, await freshUser(ctx));
    const enrol = (await ctx.t.http.post(`${API}/auth/mfa/enroll`).set(bearer(s.accessToken)).expect(200)).body as { secret: string };
    return { act: () => ctx.t.http.post(`${API}/auth/mfa/confirm`).set(bearer(s.accessToken)).send({ code: totp(ctx.t, enrol.secret) }), expect: ['auth.mfa_enabled'] };
  },
  'POST /api/v1/auth/login/mfa': async (ctx) => {
    const { u, secret } = await mfaUser(ctx);
    const step1 = (await ctx.t.http.post(`${API}/auth/login`).send({ username: u.username, password: TEST_PASSWORD }).expect(200)).body as { mfaToken: string };
    // The confirmation consumed this window's code: the next window's code is the one a person would type now.
    const code = TOTP.generate({ secret: Secret.fromBase32(secret), period: 30, timestamp: ctx.t.clock.now().getTime() + 30_000 });
    return { act: () => ctx.t.http.post(`${API}/auth/login/mfa`).send({ mfaToken: step1.mfaToken, code }), expect: ['auth.login'] };
  },
  'POST /api/v1/users/:id/reset-password': async (ctx) => {
    const u = await freshUser(ctx);
    return { act: () => ctx.t.http.post(`${API}/users/${u.id}/reset-password`).set(ctx.w.users.admin.auth).send({}), expect: ['user.password_reset'] };
  },
  'PUT /api/v1/organization/security-policy': async ({ t, w }) => ({
    act: () => t.http.put(`${API}/organization/security-policy`).set(w.users.admin.auth).send({ mfaRequiredRoles: [] }),
    expect: ['organization.security_policy_updated'],
  }),
  'POST /api/v1/incoming-documents/:id/lines/:lineId/acknowledge': async (ctx) => {
    const { doc, line } = await informLine(ctx);
    return { act: () => ctx.t.http.post(`${API}/incoming-documents/${doc.id}/lines/${line.id}/acknowledge`).set(ctx.w.users.vhxhHead.auth).send({}), expect: ['incoming.line_acknowledged'] };
  },
  'POST /api/v1/incoming-documents/:id/lines/:lineId/reassign': async (ctx) => {
    const { doc, lead } = await receivedLine(ctx);
    const assigned = await ctx.t.http.post(`${API}/incoming-documents/${doc.id}/lines/${lead.id}/assign`).set(ctx.w.users.ktClerk.auth)
      .send({ userId: ctx.w.users.ktHead.id }).expect(200);
    const personal = (assigned.body.lines as { id: string; userId: string | null }[]).find((l) => l.userId === ctx.w.users.ktHead.id)!;
    return {
      act: () => ctx.t.http.post(`${API}/incoming-documents/${doc.id}/lines/${personal.id}/reassign`).set(ctx.w.users.ktClerk.auth).send({ userId: ctx.w.users.ktSpecialist.id }),
      expect: ['incoming.line_reassigned'],
    };
  },
  'PATCH /api/v1/users/me/notification-settings': async ({ t, w }) => ({
    act: () => t.http.patch(`${API}/users/me/notification-settings`).set(w.users.ktSpecialist.auth).send({ email: { 'incoming.line_assigned': false } }),
    expect: ['notification_settings.updated'],
  }),
  // ---- organization --------------------------------------------------------------------------------------------
  'POST /api/v1/organizations': async ({ t, systemAdmin }) => ({
    act: () => t.http.post(`${API}/organizations`).set(systemAdmin.auth)
      .send({ code: `000.${Date.now() % 1e6}.H30`, name: 'Ủy ban nhân dân phường Kiểm Toán', shortName: 'UBND', placeName: 'Kiểm Toán' }),
    expect: ['organization.created'],
  }),
  'POST /api/v1/departments': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/departments`).set(w.users.admin.auth).send({ name: 'Phòng Kiểm toán nội bộ', code: `KT${Date.now() % 1e5}`, kind: 'department' }),
    expect: ['department.created'],
  }),
  'PATCH /api/v1/departments/:id': async ({ t, w }) => ({
    act: () => t.http.patch(`${API}/departments/${w.departments.pvhcc.id}`).set(w.users.admin.auth).send({ name: 'Trung tâm Phục vụ hành chính công phường' }),
    expect: ['department.updated'],
  }),
  'POST /api/v1/users': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/users`).set(w.users.admin.auth).send({
      username: `kt${Date.now()}`, password: TEST_PASSWORD, fullName: 'Lê Kiểm Toán', positionTitle: 'Chuyên viên',
      roles: [{ role: 'specialist', departmentId: w.departments.kt.id }] }),
    expect: ['user.created'],
  }),
  'PATCH /api/v1/users/:id': async ({ t, w }) => ({
    act: () => t.http.patch(`${API}/users/${w.users.vhxhSpecialist.id}`).set(w.users.admin.auth).send({ positionTitle: 'Chuyên viên chính' }),
    expect: ['user.updated'],
  }),
  'PUT /api/v1/users/:id/roles': async ({ t, w }) => ({
    act: () => t.http.put(`${API}/users/${w.users.vhxhSpecialist.id}/roles`).set(w.users.admin.auth)
      .send({ roles: [{ role: 'specialist', departmentId: w.departments.vhxh.id }] }),
    expect: ['user.roles_replaced'],
  }),
  'PUT /api/v1/signing-rules': async ({ t, w }) => {
    const current = await t.http.get(`${API}/signing-rules`).set(w.users.admin.auth).expect(200);
    const rules = (current.body as Record<string, unknown>[]).map((r) => Object.fromEntries(
      ['role', 'departmentKind', 'authority', 'documentTypes'].filter((k) => r[k] !== null && r[k] !== undefined).map((k) => [k, r[k]])));
    return { act: () => t.http.put(`${API}/signing-rules`).set(w.users.admin.auth).send(rules), expect: ['signing_rules.replaced'] };
  },
  'POST /api/v1/delegations': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/delegations`).set(w.users.admin.auth).send({
      fromUserId: w.users.chairman.id, toUserId: w.users.chiefOfOffice.id, validFrom: '2025-07-08', validTo: '2025-07-10', reason: 'Đi công tác' }),
    expect: ['delegation.created'],
  }),
  'DELETE /api/v1/delegations/:id': async ({ t, w }) => {
    const created = await t.http.post(`${API}/delegations`).set(w.users.admin.auth).send({
      fromUserId: w.users.chairman.id, toUserId: w.users.chiefOfOffice.id, validFrom: '2025-07-20', validTo: '2025-07-21', reason: 'Nghỉ phép' }).expect(201);
    return { act: () => t.http.delete(`${API}/delegations/${created.body.id}`).set(w.users.admin.auth), expect: ['delegation.revoked'] };
  },
  'POST /api/v1/registers': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/registers`).set(w.users.ktClerk.auth).send({ kind: 'incoming', name: 'Sổ đến riêng', year: 2025, departmentId: w.departments.kt.id }),
    expect: ['register.created'],
  }),
  // ---- files and keys ------------------------------------------------------------------------------------------
  'POST /api/v1/files': async ({ t, w }) => {
    const pdf = await makePdf();
    return { act: () => t.http.post(`${API}/files`).set(w.users.officeClerk.auth).attach('file', pdf, { filename: 'a.pdf', contentType: 'application/pdf' }), expect: ['file.uploaded'] };
  },
  'POST /api/v1/signing-keys/dev-certificates': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/signing-keys/dev-certificates`).set(w.users.admin.auth).send({ userId: w.users.viceChairman.id }),
    expect: ['signing_key.dev_issued'],
  }),
  'POST /api/v1/signing-keys/import': async ({ t, w }) => {
    const { root, leaf } = testRootAndLeaf('CA của triển khai', w.org.name);
    const p12 = toPkcs12({ keyPem: leaf.keyPem, certPem: leaf.certPem, chainPems: [root.certPem], password: 'mat-khau-p12', friendlyName: 'agency' });
    return {
      act: () => t.http.post(`${API}/signing-keys/import`).set(w.users.admin.auth).field('password', 'mat-khau-p12').field('agency', 'true')
        .attach('file', p12, { filename: 'co-quan.p12', contentType: 'application/x-pkcs12' }),
      expect: ['signing_key.imported'],
    };
  },
  'POST /api/v1/signing-keys/images': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/signing-keys/images`).set(w.users.admin.auth).field('data', JSON.stringify({ agency: true }))
      .attach('file', seal(), { filename: 'con-dau.png', contentType: 'image/png' }),
    expect: ['signing_image.seal_set'],
  }),
  // ---- incoming documents --------------------------------------------------------------------------------------
  'POST /api/v1/incoming-documents': async ({ t, w }) => {
    return { act: () => t.http.post(`${API}/incoming-documents`).set(w.users.officeClerk.auth).send(incomingBody()), expect: ['incoming.registered'] };
  },
  'POST /api/v1/incoming-documents/:id/register': async ({ t, w }) => {
    const doc = await signedDocument(t, w.users.officeClerk, w.users.chiefOfOffice, w.users.chiefOfOffice,
      { ...notice(w), recipients: [{ type: 'department', departmentId: w.departments.kt.id }] }, 'TL');
    await t.http.post(`${API}/outgoing-documents/${doc.id}/issue`).set(w.users.officeClerk.auth).send({}).expect(200);
    const [row] = (await t.ds.query(`SELECT id FROM incoming_documents WHERE organization_id = $1 AND source_outgoing_document_id = $2`, [w.org.id, doc.id])) as { id: string }[];
    return { act: () => t.http.post(`${API}/incoming-documents/${row.id}/register`).set(w.users.ktClerk.auth).send({}), expect: ['incoming.registered'] };
  },
  'POST /api/v1/incoming-documents/:id/submit': async ({ t, w }) => {
    const doc = await registerIncoming(t, w.users.officeClerk);
    return { act: () => t.http.post(`${API}/incoming-documents/${doc.id}/submit`).set(w.users.officeClerk.auth).send({ leaderId: w.users.chairman.id }), expect: ['incoming.submitted'] };
  },
  'POST /api/v1/incoming-documents/:id/direct': async ({ t, w }) => {
    const doc = await registerIncoming(t, w.users.officeClerk);
    await t.http.post(`${API}/incoming-documents/${doc.id}/submit`).set(w.users.officeClerk.auth).send({ leaderId: w.users.chairman.id }).expect(200);
    return {
      act: () => t.http.post(`${API}/incoming-documents/${doc.id}/direct`).set(w.users.chairman.auth)
        .send({ instruction: 'Đề nghị xử lý.', lead: { departmentId: w.departments.kt.id }, deadline: DEADLINE }),
      expect: ['incoming.directed'],
    };
  },
  'POST /api/v1/incoming-documents/:id/lines/:lineId/receive': async (ctx) => {
    const { doc, lead } = await openLine(ctx);
    return { act: () => ctx.t.http.post(`${API}/incoming-documents/${doc.id}/lines/${lead.id}/receive`).set(ctx.w.users.ktClerk.auth).send({}), expect: ['incoming.line_received'] };
  },
  'POST /api/v1/incoming-documents/:id/lines/:lineId/assign': async (ctx) => {
    const { doc, lead } = await receivedLine(ctx);
    return {
      act: () => ctx.t.http.post(`${API}/incoming-documents/${doc.id}/lines/${lead.id}/assign`).set(ctx.w.users.ktClerk.auth).send({ userId: ctx.w.users.ktHead.id }),
      expect: ['incoming.line_assigned'],
    };
  },
  'POST /api/v1/incoming-documents/:id/lines/:lineId/complete': async (ctx) => {
    const { doc, lead } = await receivedLine(ctx);
    return {
      act: () => ctx.t.http.post(`${API}/incoming-documents/${doc.id}/lines/${lead.id}/complete`).set(ctx.w.users.ktClerk.auth).send({ result: 'Đã xử lý xong.' }),
      expect: ['incoming.line_completed'],
    };
  },
  'POST /api/v1/incoming-documents/:id/lines/:lineId/return': async (ctx) => {
    const { doc, lead } = await openLine(ctx);
    return {
      act: () => ctx.t.http.post(`${API}/incoming-documents/${doc.id}/lines/${lead.id}/return`).set(ctx.w.users.ktClerk.auth).send({ reason: 'Không thuộc lĩnh vực của phòng.' }),
      expect: ['incoming.line_returned'],
    };
  },
  // ---- outgoing documents --------------------------------------------------------------------------------------
  'POST /api/v1/outgoing-documents': async ({ t, w }) => {
    const pdf = await sampleDraft();
    return {
      act: () => t.http.post(`${API}/outgoing-documents`).set(w.users.officeClerk.auth)
        .field('data', JSON.stringify({ summary: 'Dự thảo thông báo', ...notice(w) })).attach('file', pdf, { filename: 'du-thao.pdf', contentType: 'application/pdf' }),
      expect: ['outgoing.created'],
    };
  },
  'PATCH /api/v1/outgoing-documents/:id': async ({ t, w }) => {
    const doc = await createDraft(t, w.users.officeClerk, notice(w));
    return { act: () => t.http.patch(`${API}/outgoing-documents/${doc.id}`).set(w.users.officeClerk.auth).send({ summary: 'Thông báo lịch họp (sửa)' }), expect: ['outgoing.updated'] };
  },
  'POST /api/v1/outgoing-documents/:id/files': async ({ t, w }) => {
    const doc = await createDraft(t, w.users.officeClerk, notice(w));
    const pdf = await sampleDraft();
    return {
      act: () => t.http.post(`${API}/outgoing-documents/${doc.id}/files`).set(w.users.officeClerk.auth).attach('file', pdf, { filename: 'du-thao-2.pdf', contentType: 'application/pdf' }),
      expect: ['outgoing.file_added'],
    };
  },
  'POST /api/v1/outgoing-documents/:id/submit': async ({ t, w }) => {
    const doc = await createDraft(t, w.users.officeClerk, notice(w));
    return { act: () => t.http.post(`${API}/outgoing-documents/${doc.id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }), expect: ['outgoing.submitted'] };
  },
  'POST /api/v1/outgoing-documents/:id/approve': async ({ t, w }) => {
    const doc = await createDraft(t, w.users.officeClerk, notice(w));
    await t.http.post(`${API}/outgoing-documents/${doc.id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }).expect(200);
    return { act: () => t.http.post(`${API}/outgoing-documents/${doc.id}/approve`).set(w.users.chiefOfOffice.auth).send({}), expect: ['outgoing.approved'] };
  },
  'POST /api/v1/outgoing-documents/:id/return': async ({ t, w }) => {
    const doc = await createDraft(t, w.users.officeClerk, notice(w));
    await t.http.post(`${API}/outgoing-documents/${doc.id}/submit`).set(w.users.officeClerk.auth).send({ reviewerId: w.users.chiefOfOffice.id }).expect(200);
    return { act: () => t.http.post(`${API}/outgoing-documents/${doc.id}/return`).set(w.users.chiefOfOffice.auth).send({ reason: 'Sửa trích yếu.' }), expect: ['outgoing.returned'] };
  },
  'POST /api/v1/outgoing-documents/:id/sign': async ({ t, w }) => {
    const doc = await draftAwaitingSignature(t, w.users.officeClerk, w.users.chiefOfOffice, { ...notice(w), signerId: w.users.chiefOfOffice.id });
    // The signer's development key is issued at the first signature; issue it now so the step writes one row.
    await t.http.post(`${API}/signing-keys/dev-certificates`).set(w.users.admin.auth).send({ userId: w.users.chiefOfOffice.id }).expect(201);
    return { act: () => t.http.post(`${API}/outgoing-documents/${doc.id}/sign`).set(w.users.chiefOfOffice.auth).send({ authority: 'TL' }), expect: ['outgoing.signed'] };
  },
  'POST /api/v1/outgoing-documents/:id/issue': async ({ t, w }) => {
    const doc = await signedDocument(t, w.users.officeClerk, w.users.chiefOfOffice, w.users.chiefOfOffice, notice(w), 'TL');
    return { act: () => t.http.post(`${API}/outgoing-documents/${doc.id}/issue`).set(w.users.officeClerk.auth).send({}), expect: ['outgoing.number_assigned', 'outgoing.issued'] };
  },
  // ---- tasks ---------------------------------------------------------------------------------------------------
  'POST /api/v1/tasks': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/tasks`).set(w.users.chairman.auth).send({ title: 'Rà soát hồ sơ', assignee: { userId: w.users.ktSpecialist.id }, deadline: DEADLINE }),
    expect: ['task.created'],
  }),
  'POST /api/v1/tasks/:id/progress': async (ctx) => {
    const task = await taskFor(ctx);
    return { act: () => ctx.t.http.post(`${API}/tasks/${task.id}/progress`).set(ctx.w.users.ktSpecialist.auth).send({ percent: 40, note: 'Đang làm.' }), expect: ['task.progress'] };
  },
  'POST /api/v1/tasks/:id/extension-requests': async (ctx) => {
    const task = await taskFor(ctx);
    return {
      act: () => ctx.t.http.post(`${API}/tasks/${task.id}/extension-requests`).set(ctx.w.users.ktSpecialist.auth).send({ newDeadline: '2025-08-15', reason: 'Chờ số liệu.' }),
      expect: ['task.extension_requested'],
    };
  },
  'POST /api/v1/tasks/:id/extension-requests/:requestId/decide': async (ctx) => {
    const task = await taskFor(ctx);
    const req = await ctx.t.http.post(`${API}/tasks/${task.id}/extension-requests`).set(ctx.w.users.ktSpecialist.auth)
      .send({ newDeadline: '2025-08-15', reason: 'Chờ số liệu.' }).expect(201);
    const requestId = (req.body.extensionRequests ?? req.body.extensions ?? [req.body]).at(-1).id as string;
    return {
      act: () => ctx.t.http.post(`${API}/tasks/${task.id}/extension-requests/${requestId}/decide`).set(ctx.w.users.chairman.auth).send({ approve: true }),
      expect: ['task.extension_approved'],
    };
  },
  'POST /api/v1/tasks/:id/report-completion': async (ctx) => {
    const task = await taskFor(ctx);
    return { act: () => ctx.t.http.post(`${API}/tasks/${task.id}/report-completion`).set(ctx.w.users.ktSpecialist.auth).send({ report: 'Đã xong.' }), expect: ['task.completion_reported'] };
  },
  'POST /api/v1/tasks/:id/accept': async (ctx) => {
    const task = await reportedTask(ctx);
    return { act: () => ctx.t.http.post(`${API}/tasks/${task.id}/accept`).set(ctx.w.users.chairman.auth).send({}), expect: ['task.accepted'] };
  },
  'POST /api/v1/tasks/:id/reopen': async (ctx) => {
    const task = await reportedTask(ctx);
    return { act: () => ctx.t.http.post(`${API}/tasks/${task.id}/reopen`).set(ctx.w.users.chairman.auth).send({ reason: 'Thiếu số liệu.' }), expect: ['task.reopened'] };
  },
  // ---- notifications and jobs ----------------------------------------------------------------------------------
  'POST /api/v1/notifications/:id/read': async (ctx) => {
    const task = await taskFor(ctx);
    await ctx.t.http.post(`${API}/tasks/${task.id}/extension-requests`).set(ctx.w.users.ktSpecialist.auth).send({ newDeadline: '2025-08-15', reason: 'Chờ số liệu.' }).expect(201);
    const [n] = (await ctx.t.ds.query(`SELECT id FROM notifications WHERE organization_id = $1 AND user_id = $2 AND read_at IS NULL ORDER BY created_at DESC LIMIT 1`,
      [ctx.w.org.id, ctx.w.users.chairman.id])) as { id: string }[];
    return { act: () => ctx.t.http.post(`${API}/notifications/${n.id}/read`).set(ctx.w.users.chairman.auth).send({}), expect: ['notification.read'] };
  },
  // ---- hand-over of old registers ------------------------------------------------------------------------------
  'POST /api/v1/imports': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/imports`).set(w.users.officeClerk.auth).field('kind', 'incoming_register').field('sourceUnitName', 'Phường Thanh Trì')
      .field('year', '2024').attach('file', legacyFixture('so-den-thanh-tri-2024.xlsx'), { filename: 'so-den-thanh-tri-2024.xlsx' }),
    expect: ['legacy_import.previewed'],
  }),
  'POST /api/v1/imports/:id/commit': async ({ t, w }) => {
    const p = await previewLegacyImport(t, w.users.officeClerk, 'Phường Lĩnh Nam');
    return { act: () => t.http.post(`${API}/imports/${p.id}/commit`).set(w.users.officeClerk.auth).send({}), expect: ['legacy_import.committed'] };
  },
  'POST /api/v1/job-failures/:id/retry': async ({ t, w }) => {
    const [f] = (await t.ds.query(
      `INSERT INTO job_failures (organization_id, queue, job_name, job_id, payload, error, attempts_made) VALUES ($1, 'notifications', 'task.assigned', $2, $3, 'boom', 5) RETURNING id`,
      [w.org.id, `audit-${Date.now()}`, JSON.stringify({ v: 1, orgId: w.org.id, taskId: '00000000-0000-4000-8000-000000000000' })])) as { id: string }[];
    return { act: () => t.http.post(`${API}/job-failures/${f.id}/retry`).set(w.users.admin.auth).send({}), expect: ['job.retried'] };
  },
  ...EXCHANGE_AUDIT_FIXTURES,
  // ---- exports -------------------------------------------------------------------------------------------------------
  'POST /api/v1/exports': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/exports`).set(w.users.chairman.auth).send({ kind: 'summary', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }),
    expect: ['export.requested'],
  }),
};

export async function makeSystemAdmin(t: TestApp): Promise<TestUser> {
  const [row] = (await t.ds.query(
    `INSERT INTO users (username, password_hash, full_name, is_system_admin) VALUES ($1, 'x', 'Quản trị hệ thống', true) RETURNING id`, [`sys${Date.now()}`])) as { id: string }[];
  const { token, Authorization } = tokenFor(t, row.id);
  return { id: row.id, username: 'sys', fullName: 'Quản trị hệ thống', token, auth: { Authorization } };
}

