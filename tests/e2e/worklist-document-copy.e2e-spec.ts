import { directedIncoming } from '../factories/incoming.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';
import { fullWorklist } from '../support/worklist';

const DOCS = '/api/v1/incoming-documents';

/**
 * The worklist reads a line's document fields from the line (doc_status, doc_urgency, doc_summary, doc_reference, kept by
 * triggers — migration AddDocumentFieldsToIncomingLines). These rules fail if a copy is missed: the item would show the
 * old text or urgency, or stay after its document is done.
 */
describe('worklist items of routing lines follow their document', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-07-07T02:00:00Z');
    w = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  /** Every line of the organization carries exactly its document's current fields. */
  async function linesMatchTheirDocuments(): Promise<void> {
    const rows = await t.ds.query(
      `SELECT count(*)::int AS stale FROM incoming_lines l JOIN incoming_documents d ON d.id = l.document_id
        WHERE l.organization_id = $1 AND (l.doc_status, l.doc_urgency, l.doc_summary, coalesce(l.doc_reference, ''))
          IS DISTINCT FROM (d.status, d.urgency, d.summary,
            coalesce(CASE WHEN d.arrival_number IS NOT NULL THEN 'Số đến ' || d.arrival_number ELSE d.symbol END, ''))`,
      [w.org.id]);
    expect(rows[0].stale).toBe(0);
  }

  it('shows the document\'s summary, arrival number and urgency on a line\'s item, and a correction of the document at once', async () => {
    const { users, departments } = w;
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman },
      { lead: { departmentId: departments.kt.id }, deadline: '2025-07-15' },
      { summary: 'V/v rà soát hộ nghèo năm 2025', urgency: 'urgent', symbol: '88/UBND-VX' });
    const lead = doc.lines.find((l) => l.role === 'lead')!;
    let item = (await fullWorklist(t, users.ktClerk)).find((i) => i.lineId === lead.id);
    expect(item).toMatchObject({ id: doc.id, title: 'V/v rà soát hộ nghèo năm 2025', reference: `Số đến ${doc.arrivalNumber}`, urgency: 'urgent', flagged: false });

    // An administrator's correction made in SQL (no route edits a directed document): the copy is a trigger, not the service.
    await t.ds.query(`UPDATE incoming_documents SET summary = 'V/v rà soát hộ nghèo, cận nghèo năm 2025', urgency = 'flash' WHERE id = $1`, [doc.id]);
    const items = await fullWorklist(t, users.ktClerk);
    item = items.find((i) => i.lineId === lead.id);
    expect(item).toMatchObject({ title: 'V/v rà soát hộ nghèo, cận nghèo năm 2025', urgency: 'flash', flagged: true });
    expect(items[0].lineId).toBe(lead.id); // hỏa tốc first
    await linesMatchTheirDocuments();
  });

  it('drops every line of a document from every worklist once the document is done, the coordinating department\'s too', async () => {
    const { users, departments } = w;
    const doc = await directedIncoming(t, { clerk: users.officeClerk, leader: users.chairman }, {
      lead: { departmentId: departments.kt.id }, coordinators: [{ departmentId: departments.pvhcc.id }], deadline: '2025-07-20',
    }, { summary: 'V/v báo cáo chuyển đổi số quý III' });
    const lead = doc.lines.find((l) => l.role === 'lead')!;
    const coordinate = doc.lines.find((l) => l.role === 'coordinate')!;
    expect((await fullWorklist(t, users.pvhccClerk)).some((i) => i.lineId === coordinate.id)).toBe(true);

    await t.http.post(`${DOCS}/${doc.id}/lines/${lead.id}/receive`).set(users.ktClerk.auth).send({}).expect(200);
    const assigned = await t.http.post(`${DOCS}/${doc.id}/lines/${lead.id}/assign`).set(users.ktClerk.auth).send({ userId: users.ktSpecialist.id }).expect(200);
    const handler = assigned.body.lines.find((l: { userId: string | null }) => l.userId === users.ktSpecialist.id);
    await t.http.post(`${DOCS}/${doc.id}/lines/${handler.id}/receive`).set(users.ktSpecialist.auth).send({}).expect(200);
    await t.http.post(`${DOCS}/${doc.id}/lines/${handler.id}/complete`).set(users.ktSpecialist.auth).send({ result: 'Đã báo cáo.' }).expect(200);

    const after = await t.http.get(`${DOCS}/${doc.id}`).set(users.officeClerk.auth).expect(200);
    expect(after.body.status).not.toBe('in_progress');
    for (const u of [users.ktClerk, users.ktSpecialist, users.pvhccClerk, users.officeClerk, users.chairman]) {
      expect((await fullWorklist(t, u)).filter((i) => i.id === doc.id)).toEqual([]);
    }
    await linesMatchTheirDocuments();
  });
});
