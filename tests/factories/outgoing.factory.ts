import { makeDecree30Draft } from '../../src/modules/files/pdf/pdf-test-support';
import type { TestApp } from '../setup/test-app';
import { binaryBody } from '../support/binary-body';
import type { TestUser } from './ward.factory';

let draftPdf: Buffer | null = null;

/** A 3-page A4 draft as made in Word: header, "Số:" and the date line with blanks, body, room for the signature block. */
export async function sampleDraft(): Promise<Buffer> {
  draftPdf ??= await makeDecree30Draft({ pages: 3 });
  return draftPdf;
}

export interface DraftInput {
  documentType: string;
  summary?: string;
  departmentId: string;
  signerId?: string;
  recipients?: object[];
  urgency?: string;
  confidentiality?: string;
  dueDate?: string;
}

/** POST /outgoing-documents as multipart (draft PDF in `file`, fields in `data`); returns the body. */
export async function createDraft(t: TestApp, drafter: TestUser, input: DraftInput, expectStatus = 201) {
  const res = await t.http.post('/api/v1/outgoing-documents').set(drafter.auth)
    .field('data', JSON.stringify({ summary: `Dự thảo ${input.documentType}`, ...input }))
    .attach('file', await sampleDraft(), { filename: 'du-thao.pdf', contentType: 'application/pdf' });
  if (res.status !== expectStatus) throw new Error(`createDraft: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; status: string; [k: string]: unknown };
}

/** Draft → in_review → awaiting_signature. */
export async function draftAwaitingSignature(t: TestApp, drafter: TestUser, reviewer: TestUser, input: DraftInput) {
  const doc = await createDraft(t, drafter, input);
  await t.http.post(`/api/v1/outgoing-documents/${doc.id}/submit`).set(drafter.auth).send({ reviewerId: reviewer.id }).expect(200);
  await t.http.post(`/api/v1/outgoing-documents/${doc.id}/approve`).set(reviewer.auth).send({}).expect(200);
  return doc;
}

/** Draft → … → signed by `signer` in the given form. */
export async function signedDocument(t: TestApp, drafter: TestUser, reviewer: TestUser, signer: TestUser, input: DraftInput, authority: string) {
  const doc = await draftAwaitingSignature(t, drafter, reviewer, { ...input, signerId: input.signerId ?? signer.id });
  const res = await t.http.post(`/api/v1/outgoing-documents/${doc.id}/sign`).set(signer.auth).send({ authority });
  if (res.status !== 200) throw new Error(`sign: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; [k: string]: unknown };
}

export async function downloadPdf(t: TestApp, user: TestUser, id: string): Promise<Buffer> {
  const res = await t.http.get(`/api/v1/outgoing-documents/${id}/file`).set(user.auth).buffer(true).parse(binaryBody);
  if (res.status !== 200) throw new Error(`download: ${res.status}`);
  return res.body as Buffer;
}

/** An outgoing draft in ANOTHER organization, for the route matrix (every :id route answers 404 across organizations). */
async function otherOrgDraft(ctx: { t: TestApp; otherPowerUser: TestUser; otherDepartmentId: string }): Promise<string> {
  const doc = await createDraft(ctx.t, ctx.otherPowerUser, { documentType: 'THONG_BAO', departmentId: ctx.otherDepartmentId, signerId: ctx.otherPowerUser.id });
  return doc.id;
}

type Fixture = (ctx: { t: TestApp; otherPowerUser: TestUser; otherDepartmentId: string }) => Promise<{ ids: Record<string, string>; body?: object }>;
const withBody = (body?: object): Fixture => async (ctx) => ({ ids: { id: await otherOrgDraft(ctx) }, body });

export const OUTGOING_OTHER_ORG_FIXTURES: Record<string, Fixture> = {
  '/api/v1/outgoing-documents/:id': withBody({ summary: 'Đổi trích yếu' }),
  '/api/v1/outgoing-documents/:id/files': withBody({ fileId: '00000000-0000-4000-8000-000000000000' }),
  '/api/v1/outgoing-documents/:id/submit': async (ctx) => ({ ids: { id: await otherOrgDraft(ctx) }, body: { reviewerId: ctx.otherPowerUser.id } }),
  '/api/v1/outgoing-documents/:id/approve': withBody({}),
  '/api/v1/outgoing-documents/:id/return': withBody({ reason: 'Sửa lại' }),
  '/api/v1/outgoing-documents/:id/sign': withBody({ authority: 'TM' }),
  '/api/v1/outgoing-documents/:id/issue': withBody({}),
  '/api/v1/outgoing-documents/:id/file': withBody(),
  '/api/v1/outgoing-documents/:id/verify': withBody(),
  '/api/v1/outgoing-documents/:id/preview': withBody(),
  '/api/v1/outgoing-documents/:id/source-file': withBody(),
  '/api/v1/outgoing-documents/:id/recall': withBody({ reason: 'Thu hồi để sửa' }),
};
