import type { TestApp } from '../setup/test-app';
import type { TestUser } from './ward.factory';

let counter = 0;

/** A valid registration body: a công văn from Sở Nội vụ, with a unique symbol unless given. */
export function incomingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    channel: 'electronic',
    issuerName: 'Sở Nội vụ Thành phố Hồ Chí Minh',
    issuerCode: '000.00.04.H29',
    symbol: `${1000 + counter}/SNV-CCVC-${process.pid}${Math.floor(Math.random() * 1e5)}`,
    documentType: 'CONG_VAN',
    documentDate: '2025-07-03',
    summary: 'V/v rà soát đội ngũ công chức phường sau sắp xếp',
    signerName: 'Nguyễn Văn Sở',
    signerPosition: 'Giám đốc',
    urgency: 'normal',
    confidentiality: 'normal',
    ...overrides,
  };
}

export interface RegisteredIncoming {
  id: string;
  arrivalNumber: number;
  arrivalDate: string;
  registerId: string;
  status: string;
  [key: string]: unknown;
}

/** Registers through the API as `clerk` (JSON, no file) and expects 201. */
export async function registerIncoming(t: TestApp, clerk: TestUser, overrides: Record<string, unknown> = {}): Promise<RegisteredIncoming> {
  const res = await t.http.post('/api/v1/incoming-documents').set(clerk.auth).send(incomingBody(overrides));
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RegisteredIncoming;
}

/** Registered by the office clerk, presented to the leader and directed: the document is in progress with its lines. */
export async function directedIncoming(
  t: TestApp,
  w: { clerk: TestUser; leader: TestUser },
  direction: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) {
  const doc = await registerIncoming(t, w.clerk, overrides);
  await t.http.post(`/api/v1/incoming-documents/${doc.id}/submit`).set(w.clerk.auth).send({ leaderId: w.leader.id }).expect(200);
  const res = await t.http.post(`/api/v1/incoming-documents/${doc.id}/direct`).set(w.leader.auth)
    .send({ instruction: 'Đề nghị xử lý.', ...direction });
  if (res.status !== 200) throw new Error(`direction failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RegisteredIncoming & { lines: { id: string; role: string; departmentId: string | null; userId: string | null; status: string; handledBy: string | null }[] };
}

type OtherOrgFixtureContext = { t: TestApp; otherPowerUser: TestUser; otherDepartmentId: string };
type OtherOrgFixture = (ctx: OtherOrgFixtureContext) => Promise<{ ids: Record<string, string>; body?: object }>;

/** A directed incoming document in the OTHER organization, with its line, made through its own API. */
async function otherOrgIncoming({ t, otherPowerUser, otherDepartmentId }: OtherOrgFixtureContext) {
  const doc = await directedIncoming(t, { clerk: otherPowerUser, leader: otherPowerUser }, { lead: { departmentId: otherDepartmentId } });
  return { id: doc.id, lineId: doc.lines[0].id };
}

/** Route-matrix entries (tests/e2e/route-matrix/other-org-fixtures.ts) for every incoming-documents route with an id. */
export const INCOMING_OTHER_ORG_FIXTURES: Record<string, OtherOrgFixture> = {
  '/api/v1/incoming-documents/:id': async (ctx) => ({ ids: await otherOrgIncoming(ctx) }),
  '/api/v1/incoming-documents/:id/file': async (ctx) => ({ ids: await otherOrgIncoming(ctx) }),
  '/api/v1/incoming-documents/:id/register': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: {} }),
  '/api/v1/incoming-documents/:id/submit': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: { leaderId: ctx.otherPowerUser.id } }),
  '/api/v1/incoming-documents/:id/direct': async (ctx) => ({
    ids: await otherOrgIncoming(ctx), body: { lead: { departmentId: ctx.otherDepartmentId }, instruction: 'Chỉ đạo' },
  }),
  '/api/v1/incoming-documents/:id/lines/:lineId/receive': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: {} }),
  '/api/v1/incoming-documents/:id/lines/:lineId/assign': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: { userId: ctx.otherPowerUser.id } }),
  '/api/v1/incoming-documents/:id/lines/:lineId/complete': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: { result: 'Xong' } }),
  '/api/v1/incoming-documents/:id/lines/:lineId/return': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: { reason: 'Chuyển sai' } }),
  '/api/v1/incoming-documents/:id/lines/:lineId/acknowledge': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: {} }),
  '/api/v1/incoming-documents/:id/lines/:lineId/reassign': async (ctx) => ({ ids: await otherOrgIncoming(ctx), body: { userId: ctx.otherPowerUser.id } }),
  '/api/v1/incoming-documents/:id/processing-slip': async (ctx) => ({ ids: await otherOrgIncoming(ctx) }),
};
