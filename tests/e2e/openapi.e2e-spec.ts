import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Response } from 'supertest';
import { directedIncoming } from '../factories/incoming.factory';
import { signedDocument } from '../factories/outgoing.factory';
import { createTask } from '../factories/tasks.factory';
import { createTanBinhWard, TanBinhWard, TestUser } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { mismatches, OpenApiDoc, responseSchema } from './openapi/openapi-rules';

const run = promisify(execFile);

describe('OpenAPI document and the typed client', () => {
  let t: TestApp;
  let w: TanBinhWard;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T09:00:00+07:00');
    w = await createTanBinhWard(t);
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiDoc;
  });
  afterAll(() => t.close());

  /** Calls the route and lists where its real answer differs from the documented schema for that status. */
  async function answerProblems(user: TestUser, method: 'get' | 'post', template: string, path: string, body?: object) {
    const req = t.http[method](`/api/v1${path}`).set(user.auth);
    const res: Response = await (body ? req.send(body) : req);
    const problems = mismatches(doc, responseSchema(doc, method, `/api/v1${template}`, res.status), res.body);
    return { route: `${method.toUpperCase()} ${template} → ${res.status}`, problems };
  }

  it('is the same document that `npm run gen:api-client` types (written without a server by scripts/openapi.mjs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vanthu-openapi-'));
    try {
      await run(process.execPath, ['scripts/openapi.mjs', join(dir, 'openapi.json')], { cwd: join(__dirname, '..', '..') });
      expect(JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'))).toEqual(doc);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers the main routes exactly as documented: every required field present, null only where nullable, no undocumented field', async () => {
    const { officeClerk, chairman, chiefOfOffice, ktClerk, ktSpecialist, admin } = w.users;
    const incoming = await directedIncoming(t, { clerk: officeClerk, leader: chairman }, { lead: { departmentId: w.departments.kt.id } });
    const outgoing = await signedDocument(t, officeClerk, chiefOfOffice, chiefOfOffice, { documentType: 'THONG_BAO', departmentId: w.departments.office.id }, 'TL');
    const task = await createTask(t, chairman, { assignee: { userId: ktSpecialist.id }, deadline: '2025-07-18' });
    const answers = [
      await answerProblems(chairman, 'get', '/auth/me', '/auth/me'),
      await answerProblems(ktClerk, 'get', '/inbox', '/inbox'),
      await answerProblems(officeClerk, 'get', '/incoming-documents', '/incoming-documents'),
      await answerProblems(officeClerk, 'get', '/incoming-documents/{id}', `/incoming-documents/${incoming.id}`),
      await answerProblems(ktClerk, 'post', '/incoming-documents/{id}/lines/{lineId}/receive', `/incoming-documents/${incoming.id}/lines/${incoming.lines[0].id}/receive`, {}),
      await answerProblems(officeClerk, 'get', '/outgoing-documents', '/outgoing-documents'),
      await answerProblems(officeClerk, 'post', '/outgoing-documents/{id}/issue', `/outgoing-documents/${outgoing.id}/issue`, {}),
      await answerProblems(officeClerk, 'get', '/outgoing-documents/{id}/verify', `/outgoing-documents/${outgoing.id}/verify`),
      await answerProblems(chairman, 'get', '/tasks', '/tasks'),
      await answerProblems(chairman, 'get', '/tasks/{id}', `/tasks/${task.id}`),
      await answerProblems(ktSpecialist, 'get', '/notifications', '/notifications'),
      await answerProblems(admin, 'get', '/users', '/users'),
      await answerProblems(admin, 'get', '/departments', '/departments'),
      await answerProblems(admin, 'get', '/registers', '/registers'),
      await answerProblems(admin, 'get', '/signing-rules', '/signing-rules'),
      await answerProblems(admin, 'get', '/signing-keys', '/signing-keys'),
      await answerProblems(admin, 'get', '/delegations', '/delegations'),
      await answerProblems(admin, 'get', '/audit-log', '/audit-log'),
      await answerProblems(admin, 'get', '/audit-log/verify', '/audit-log/verify'),
      await answerProblems(admin, 'get', '/organization/readiness', '/organization/readiness'),
      await answerProblems(chairman, 'get', '/reports/summary', '/reports/summary?from=2025-07-01&to=2025-07-31'),
      await answerProblems(chairman, 'get', '/document-types', '/document-types'),
      await answerProblems(admin, 'get', '/health/ready', '/health/ready'),
    ];
    expect(answers.filter((a) => a.problems.length)).toEqual([]);
    expect(answers.map((a) => a.route)).not.toContainEqual(expect.stringMatching(/→ [45]\d\d$/));
  });

  it('answers errors in the documented error shape, on JSON and PDF routes alike', async () => {
    const { officeClerk } = w.users;
    const answers = [
      await answerProblems(officeClerk, 'get', '/incoming-documents/{id}', '/incoming-documents/00000000-0000-4000-8000-000000000000'),
      await answerProblems(officeClerk, 'get', '/incoming-documents/{id}/file', '/incoming-documents/00000000-0000-4000-8000-000000000000/file'),
      await answerProblems(officeClerk, 'post', '/incoming-documents', '/incoming-documents', { abstract: 1 }),
      await answerProblems(officeClerk, 'get', '/audit-log', '/audit-log'),
    ];
    expect(answers.map((a) => a.route)).toEqual([
      'GET /incoming-documents/{id} → 404', 'GET /incoming-documents/{id}/file → 404', 'POST /incoming-documents → 400', 'GET /audit-log → 403',
    ]);
    expect(answers.filter((a) => a.problems.length)).toEqual([]);
  });
});
