import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

type ListItem = { id: string; status: string; overdue: boolean };

/**
 * A document returned to its sender or recalled by it is no longer the ward's work: past its due date it is not
 * overdue — not in the list's overdue filter, not on its own page, not in the statistics — while a document still
 * open past its due date is.
 *
 * Arrival through the exchange axis needs a second deployment (tests/e2e/exchange-two-agencies.e2e-spec.ts); here the
 * received package and the sender's recall request are written as the exchange gateway writes them (as the audit
 * fixtures do), and the clerk's return and recall decision go through the API.
 */
describe('returned and recalled incoming documents are never overdue', () => {
  let t: TestApp;
  let w: TanBinhWard;
  const ids = { open: '', returned: '', recalled: '' };
  const DUE = '2025-07-04';

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    const { officeClerk: clerk, chairman: leader } = w.users;
    const lead = { lead: { departmentId: w.departments.kt.id }, deadline: DUE };
    t.clock.set('2025-07-01T09:00:00+07:00');

    // Still open: directed to Kinh tế, due on the 4th, nobody finished it.
    ids.open = (await directedIncoming(t, { clerk, leader }, lead, { dueDate: DUE, summary: 'V/v báo cáo còn đang xử lý' })).id;

    // Arrived electronically with a due date of its own (the package's dueDate), not registered yet.
    const [received] = (await t.ds.query(
      `INSERT INTO incoming_documents (organization_id, channel, issuer_name, issuer_code, symbol, document_type, document_date, summary,
         urgency, confidentiality, due_date, status, sender_name)
       VALUES ($1, 'electronic', 'Sở thử nghiệm', '000.00.88.H29', '9/STN', 'CONG_VAN', '2025-06-30', 'V/v văn bản gửi nhầm nơi nhận',
         'normal', 'normal', $2, 'received', 'Sở thử nghiệm') RETURNING id`, [w.org.id, DUE])) as { id: string }[];
    ids.returned = received.id;

    // Registered and directed to Kinh tế with the same due date; its sender will recall it.
    const recalled = await directedIncoming(t, { clerk, leader }, lead, { dueDate: DUE, summary: 'V/v văn bản bị thu hồi' });
    ids.recalled = recalled.id;
    await t.ds.query(
      `INSERT INTO exchange_inbound_documents (organization_id, document_id, incoming_document_id, sender_organ_id, sender_name, recall_state, recall_reason)
       VALUES ($1, $2, $3, '000.00.88.H29', 'Sở thử nghiệm', 'requested', 'Văn bản có sai sót')`,
      [w.org.id, `000.00.88.H29,2025/06/30,${recalled.id}`, recalled.id]);

    // Past the due date: the clerk returns the one and accepts the recall of the other.
    t.clock.set('2025-07-10T09:00:00+07:00');
    const returned = await t.http.post(`/api/v1/incoming-documents/${ids.returned}/return`).set(clerk.auth)
      .send({ reason: 'Văn bản gửi nhầm, không thuộc thẩm quyền của phường' }).expect(200);
    expect(returned.body.status).toBe('returned');
    const decided = await t.http.post(`/api/v1/incoming-documents/${ids.recalled}/recall-decision`).set(clerk.auth)
      .send({ accept: true, note: 'Đồng ý thu hồi' }).expect(200);
    expect(decided.body.status).toBe('recalled');
  });
  afterAll(() => t.close());

  const list = async (query: string) =>
    (await t.http.get(`/api/v1/incoming-documents?pageSize=100&${query}`).set(w.users.officeClerk.auth).expect(200)).body.items as ListItem[];

  it('the overdue filter of the incoming list keeps the open document and leaves out the returned and the recalled one', async () => {
    const overdue = (await list('overdue=true')).map((d) => d.id);
    expect(overdue).toEqual([ids.open]);
    const notOverdue = (await list('overdue=false')).map((d) => d.id);
    expect(notOverdue).toEqual(expect.arrayContaining([ids.returned, ids.recalled]));
    expect(notOverdue).not.toContain(ids.open);
  });

  it('the list and the document page mark only the open document overdue', async () => {
    const flags = Object.fromEntries((await list('')).map((d) => [d.id, [d.status, d.overdue]]));
    expect(flags).toEqual({ [ids.open]: ['in_progress', true], [ids.returned]: ['returned', false], [ids.recalled]: ['recalled', false] });
    for (const [id, overdue] of [[ids.open, true], [ids.returned, false], [ids.recalled, false]] as const) {
      const page = await t.http.get(`/api/v1/incoming-documents/${id}`).set(w.users.officeClerk.auth).expect(200);
      expect({ id, overdue: page.body.overdue }).toEqual({ id, overdue });
    }
  });

  it('the summary counts one overdue incoming document for the ward and one overdue lead line for Kinh tế', async () => {
    const res = await t.http.get('/api/v1/reports/summary?from=2025-07-01&to=2025-07-31&groupBy=department').set(w.users.chairman.auth).expect(200);
    expect(res.body.incoming.overdue).toBe(1);
    const kt = res.body.byDepartment.find((d: { departmentId: string }) => d.departmentId === w.departments.kt.id);
    expect(kt.incoming.overdue).toBe(1);
  });
});
