import { buildEdxmlMessage, formatDocumentId, signEdxml } from '../../../src/modules/exchange/edxml';
import { createDevCa } from '../../../src/modules/signing/crypto/dev-ca';
import { registerIncoming } from '../../factories/incoming.factory';
import { signedDocument } from '../../factories/outgoing.factory';
import { makePdf } from '../../fixtures/pdf-fixtures';
import type { AuditFixture } from './audit-fixtures';

const API = '/api/v1';
export const TEST_INBOUND_TOKEN = 'test-inbound-token-0123456789abcdef';

/** Exchange between agencies (edXML): the routes that change state and the one audit row each leaves. */
export const EXCHANGE_AUDIT_FIXTURES: Record<string, AuditFixture> = {
  'POST /api/v1/exchange/agencies/import': async ({ t, w }) => ({
    act: () => t.http.post(`${API}/exchange/agencies/import`).set(w.users.officeClerk.auth)
      .attach('file', Buffer.from('organId,name\n000.00.00.H29,Ủy ban nhân dân Thành phố Hồ Chí Minh\n'), { filename: 'co-quan.csv', contentType: 'text/csv' }),
    expect: ['exchange.agencies_imported'],
  }),
  // A package whose PDF carries no signature: refused (status 02 queued), nothing stored but the refusal's audit row.
  'POST /api/v1/exchange/inbound': async ({ t, w }) => {
    const [org] = (await t.ds.query(`SELECT code, name FROM organizations WHERE id = $1`, [w.org.id])) as { code: string; name: string }[];
    const ca = createDevCa({ commonName: 'Sở thử nghiệm', organization: 'Sở thử nghiệm' });
    const xml = signEdxml(buildEdxmlMessage({
      from: { organId: '000.00.88.H29', organName: 'Sở thử nghiệm' }, to: [{ organId: org.code, organName: org.name }],
      code: { codeNumber: '9', codeNotation: 'STN' }, promulgationInfo: { place: 'TP. Hồ Chí Minh', promulgationDate: '2025-07-03' },
      documentType: { type: 1, typeName: 'Công văn' }, subject: 'Gói tin thử', signerInfo: { fullName: 'Người ký' }, toPlaces: [],
      otherInfo: { priority: 0 }, documentId: formatDocumentId('000.00.88.H29', '2025-07-03', '9/STN'), traceHeaders: [], business: { businessDocType: 0 },
      attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', fileName: 'a.pdf', data: await makePdf() }],
    }), { privateKeyPem: ca.keyPem, certificatePem: ca.certPem });
    return {
      act: () => t.http.post(`${API}/exchange/inbound`).set('Authorization', `Bearer ${TEST_INBOUND_TOKEN}`).set('Content-Type', 'application/xml')
        .set('X-Message-Id', `audit-${Date.now()}`).send(xml),
      expect: ['exchange.package_refused'],
    };
  },
  'POST /api/v1/incoming-documents/:id/return': async ({ t, w }) => {
    const [doc] = (await t.ds.query(
      `INSERT INTO incoming_documents (organization_id, channel, issuer_name, symbol, document_type, document_date, summary, urgency, confidentiality, status)
       VALUES ($1, 'electronic', 'Sở thử nghiệm', '9/STN', 'CONG_VAN', '2025-07-03', 'Gói tin thử', 'normal', 'normal', 'received') RETURNING id`,
      [w.org.id])) as { id: string }[];
    return {
      act: () => t.http.post(`${API}/incoming-documents/${doc.id}/return`).set(w.users.officeClerk.auth).send({ reason: 'Gửi nhầm nơi nhận' }),
      expect: ['incoming.returned_to_sender'],
    };
  },
  'POST /api/v1/incoming-documents/:id/recall-decision': async ({ t, w }) => {
    const doc = await registerIncoming(t, w.users.officeClerk);
    await t.ds.query(
      `INSERT INTO exchange_inbound_documents (organization_id, document_id, incoming_document_id, sender_organ_id, recall_state)
       VALUES ($1, $2, $3, '000.00.88.H29', 'requested')`, [w.org.id, `000.00.88.H29,2025/07/03,${doc.id}`, doc.id]);
    return {
      act: () => t.http.post(`${API}/incoming-documents/${doc.id}/recall-decision`).set(w.users.officeClerk.auth).send({ accept: false, note: 'Đã xử lý' }),
      expect: ['incoming.recall_decided'],
    };
  },
  'POST /api/v1/outgoing-documents/:id/recall': async ({ t, w }) => {
    const doc = await signedDocument(t, w.users.officeClerk, w.users.chiefOfOffice, w.users.chiefOfOffice, {
      documentType: 'THONG_BAO', departmentId: w.departments.office.id, signerId: w.users.chiefOfOffice.id,
      recipients: [{ type: 'external', name: 'Sở thử nghiệm', organId: '000.00.88.H29' }],
    } as never, 'TL');
    await t.http.post(`${API}/outgoing-documents/${doc.id}/issue`).set(w.users.officeClerk.auth).send({}).expect(200);
    return {
      act: () => t.http.post(`${API}/outgoing-documents/${doc.id}/recall`).set(w.users.officeClerk.auth).send({ reason: 'Sai sót' }),
      expect: ['outgoing.recalled'],
    };
  },
};
