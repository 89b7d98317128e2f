import { buildEdxmlMessage, EdxmlDocument, formatDocumentId, parseStatusMessage, signEdxml } from '../../src/modules/exchange/edxml';
import { pdfsig } from '../../src/modules/files/pdf/pdf-test-support';
import { createDevCa } from '../../src/modules/signing/crypto/dev-ca';
import { Agency, Axis, buildOnce, createAgency, exchangeOf, issueCongVan, startAxis, waitFor, waitForStatus } from '../support/exchange-pair';

/**
 * Two wards on two deployments (two processes, two databases, two sets of keys) exchange a Công văn through the axis
 * simulator: the package goes out on issue, arrives as `received` with its signed PDF intact, and every step of the
 * receiver's workflow comes back to the sender as a status package (01, 03, 04, 05, 06).
 */
describe('exchange between two agencies through the axis', () => {
  let axis: Axis;
  let a: Agency;
  let b: Agency;
  const log = () => `${a?.output() ?? ''}\n${b?.output() ?? ''}`;

  beforeAll(async () => {
    buildOnce();
    axis = await startAxis();
    a = await createAgency('A', { organId: '000.14.31.H29', name: 'Ủy ban nhân dân phường Tân Bình', placeName: 'Tân Bình', axisUrl: axis.url });
    b = await createAgency('B', { organId: '000.14.32.H29', name: 'Ủy ban nhân dân phường Tân Định', placeName: 'Tân Định', axisUrl: axis.url });
    await Promise.all([a.start(), b.start()]);
  }, 400_000);

  afterAll(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    axis?.proc.kill('SIGKILL');
  });

  const receivedAt = async (agency: Agency, symbol: string) => {
    const clerk = await agency.token('vanthu');
    return waitFor(`"${symbol}" received at ${agency.label}`, async () => {
      const r = await agency.api('GET', `/incoming-documents?status=received&pageSize=100`, clerk);
      return (r.body?.items ?? []).find((d: { symbol: string }) => d.symbol === symbol) as { id: string } | undefined;
    }, 90_000, log);
  };

  it('a Công văn issued by A arrives at B as received with its signed PDF, and A sees 01, 03, 04, 05 and 06 as B works on it', async () => {
    const sent = await issueCongVan(a, [{ organId: b.organId, name: b.name }], 'Về việc phối hợp rà soát hộ nghèo năm 2025');
    expect(sent.symbol).toMatch(/^\d+\/UBND-VP$/);
    const issuedAt = Date.now();
    // The package goes out through the outbox and the job system, never in the issuing request.
    expect((await exchangeOf(a, sent.id, b.organId))?.status).toMatch(/^(sending|sent|arrived)$/);

    const incoming = await receivedAt(b, sent.symbol);
    const clerkB = await b.token('vanthu');
    const doc = (await b.api('GET', `/incoming-documents/${incoming.id}`, clerkB)).body;
    expect(doc).toMatchObject({
      status: 'received', channel: 'electronic', issuerName: a.name, issuerCode: a.organId, symbol: sent.symbol,
      documentType: 'CONG_VAN', summary: 'Về việc phối hợp rà soát hộ nghèo năm 2025', urgency: 'urgent', arrivalNumber: null,
    });
    const pdf = await b.file(`/incoming-documents/${incoming.id}/file`, clerkB);
    const original = await a.file(`/outgoing-documents/${sent.id}/file`, await a.token('vanthu'));
    expect(pdf.equals(original)).toBe(true);
    const sig = await pdfsig(pdf);
    expect(sig.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);

    expect(await waitForStatus(a, sent.id, b.organId, '01', 60_000, log)).toEqual(['01']);
    const ackMs = Date.now() - issuedAt;
    process.stdout.write(`exchange: status 01 seen by the sender ${ackMs} ms after the issue request returned\n`);
    expect(ackMs).toBeLessThan(60_000);

    // Registration (pre-filled, editable): the clerk corrects the summary; A hears 03.
    const reg = await b.api('POST', `/incoming-documents/${incoming.id}/register`, clerkB, { summary: 'Phối hợp rà soát hộ nghèo năm 2025' });
    expect(reg.status).toBe(200);
    expect(reg.body).toMatchObject({ status: 'registered', summary: 'Phối hợp rà soát hộ nghèo năm 2025' });
    await waitForStatus(a, sent.id, b.organId, '03', 60_000, log);

    const [chairman] = await b.sql<{ id: string }>(`SELECT id FROM users WHERE username = 'chutich'`);
    const [kt] = await b.sql<{ id: string }>(`SELECT id FROM departments WHERE code = 'KTHTĐT'`);
    expect((await b.api('POST', `/incoming-documents/${incoming.id}/submit`, clerkB, { leaderId: chairman.id })).status).toBe(200);
    const directed = await b.api('POST', `/incoming-documents/${incoming.id}/direct`, await b.token('chutich'),
      { lead: { departmentId: kt.id }, instruction: 'Phòng Kinh tế chủ trì rà soát.' });
    expect(directed.status).toBe(200);
    await waitForStatus(a, sent.id, b.organId, '04', 60_000, log);

    const lead = directed.body.lines.find((l: { role: string }) => l.role === 'lead');
    const ktClerk = await b.token('vt.kinhte');
    expect((await b.api('POST', `/incoming-documents/${incoming.id}/lines/${lead.id}/receive`, ktClerk)).status).toBe(200);
    await waitForStatus(a, sent.id, b.organId, '05', 60_000, log);
    const done = await b.api('POST', `/incoming-documents/${incoming.id}/lines/${lead.id}/complete`, ktClerk, { result: 'Đã rà soát, có báo cáo kèm theo.' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    const history = await waitForStatus(a, sent.id, b.organId, '06', 60_000, log);
    expect(history).toEqual(['01', '03', '04', '05', '06']);
    const view = await exchangeOf(a, sent.id, b.organId);
    expect(view).toMatchObject({ status: 'done', statusCode: '06' });
  }, 300_000);

  // A third agency played by the test: it builds and signs its own packages with the edXML library and reads the
  // status packages B sends back from its inbox on the axis.
  const THIRD = '000.00.77.H29';
  const thirdKey = (() => {
    const ca = createDevCa({ commonName: 'Sở Nội vụ (thử nghiệm)', organization: 'Sở Nội vụ' });
    return { privateKeyPem: ca.keyPem, certificatePem: ca.certPem };
  })();
  let signedPdf: Buffer | null = null;
  const aSignedPdf = async () => {
    if (!signedPdf) {
      const own = await issueCongVan(a, [], 'Văn bản mẫu có chữ ký số để thử gói tin');
      signedPdf = await a.file(`/outgoing-documents/${own.id}/file`, await a.token('vanthu'));
    }
    return signedPdf;
  };
  let counter = 0;
  const thirdPackage = async (over: Partial<EdxmlDocument> = {}, pdf?: Buffer): Promise<{ doc: EdxmlDocument; xml: string }> => {
    counter++;
    const code = { codeNumber: String(100 + counter), codeNotation: 'SNV-TCBC' };
    const doc: EdxmlDocument = {
      from: { organId: THIRD, organName: 'Sở Nội vụ (thử nghiệm)' }, to: [{ organId: b.organId, organName: b.name }], code,
      promulgationInfo: { place: 'Thành phố Hồ Chí Minh', promulgationDate: '2025-07-03' }, documentType: { type: 1, typeName: 'Công văn' },
      subject: `Về việc báo cáo biên chế năm 2025 (lần ${counter})`, signerInfo: { fullName: 'Nguyễn Văn Nội', position: 'Giám đốc' },
      toPlaces: [], otherInfo: { priority: 0 }, documentId: formatDocumentId(THIRD, '2025-07-03', `${code.codeNumber}/${code.codeNotation}`),
      traceHeaders: [], business: { businessDocType: 0 },
      attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', fileName: 'cong-van.pdf', data: pdf ?? (await aSignedPdf()) }],
      ...over,
    };
    return { doc, xml: signEdxml(buildEdxmlMessage(doc), thirdKey) };
  };
  const sendToB = async (xml: string, kind = 'document') => {
    const r = await axis.post('/messages', { messageId: `third-${Date.now()}-${Math.random()}`, from: THIRD, to: b.organId, kind, xml });
    expect(r.status).toBe(202);
  };
  /** Status packages B sent to the third agency (read and acknowledged from its inbox on the axis). */
  const thirdStatuses: ReturnType<typeof parseStatusMessage>[] = [];
  const statusFromB = (documentId: string, code: string) => waitFor(`status ${code} for ${documentId}`, async () => {
    const box = await axis.get(`/agencies/${encodeURIComponent(THIRD)}/messages`);
    for (const m of box?.items ?? []) {
      thirdStatuses.push(parseStatusMessage(m.xml));
      await axis.del(`/agencies/${encodeURIComponent(THIRD)}/messages/${m.id}`);
    }
    return thirdStatuses.find((s) => s.responseFor.documentId === documentId && s.statusCode === code);
  }, 90_000, log);
  const incomingBySymbol = async (symbol: string) =>
    b.sql<{ id: string; status: string }>(`SELECT id, status FROM incoming_documents WHERE symbol = $1`, [symbol]);

  describe('packages that fail verification', () => {
    beforeAll(async () => {
      expect((await axis.post('/agencies', { organId: THIRD, name: 'Sở Nội vụ (thử nghiệm)' })).status).toBeLessThan(300);
    });

    it('takes in a well-signed package from a third agency (the control case) and answers 01', async () => {
      const { doc, xml } = await thirdPackage();
      await sendToB(xml);
      const s = await statusFromB(doc.documentId, '01');
      expect(s.from.organId).toBe(b.organId);
      expect(await incomingBySymbol(`${doc.code.codeNumber}/SNV-TCBC`)).toEqual([expect.objectContaining({ status: 'received' })]);
    }, 120_000);

    it('refuses a package whose attachment lost a byte after signing with status 02 and a reason, and stores nothing', async () => {
      const { doc, xml } = await thirdPackage();
      const b64 = (await aSignedPdf()).toString('base64');
      const at = xml.indexOf(b64.slice(0, 200)) + 5000;
      const tampered = xml.slice(0, at) + (xml[at] === 'A' ? 'B' : 'A') + xml.slice(at + 1);
      expect(tampered).not.toBe(xml);
      await sendToB(tampered);
      const s = await statusFromB(doc.documentId, '02');
      expect(s.description).toMatch(/chữ ký/i);
      expect(s.description.length).toBeGreaterThan(20);
      expect(await incomingBySymbol(`${doc.code.codeNumber}/SNV-TCBC`)).toEqual([]);
    }, 120_000);

    it('refuses a package whose XML signature value was broken with status 02 and a reason', async () => {
      const { doc, xml } = await thirdPackage();
      const tampered = xml.replace(/(<(?:\w+:)?SignatureValue[^>]*>)(.)/, (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`);
      expect(tampered).not.toBe(xml);
      await sendToB(tampered);
      const s = await statusFromB(doc.documentId, '02');
      expect(s.description).toMatch(/chữ ký/i);
      expect(await incomingBySymbol(`${doc.code.codeNumber}/SNV-TCBC`)).toEqual([]);
    }, 120_000);

    it('refuses a well-signed package whose PDF was changed after the PDF was signed (PAdES check) with status 02', async () => {
      const pdf = Buffer.from(await aSignedPdf());
      const i = pdf.indexOf('Tân') > 0 ? pdf.indexOf('Tân') : 400;
      pdf[i + 1] = pdf[i + 1] === 0x41 ? 0x42 : 0x41;
      const { doc, xml } = await thirdPackage({}, pdf);
      await sendToB(xml);
      const s = await statusFromB(doc.documentId, '02');
      expect(s.description).toMatch(/tệp/);
      expect(await incomingBySymbol(`${doc.code.codeNumber}/SNV-TCBC`)).toEqual([]);
    }, 120_000);
  });

  describe('recall', () => {
    it('a recall of a document not yet registered removes it from the worklists at once and answers 15', async () => {
      const { doc, xml } = await thirdPackage();
      await sendToB(xml);
      await statusFromB(doc.documentId, '01');
      const [received] = await incomingBySymbol(`${doc.code.codeNumber}/SNV-TCBC`);
      const clerkB = await b.token('vanthu');
      const before = await b.api('GET', '/worklist?limit=100', clerkB);
      expect(before.body.items.map((x: { id: string }) => x.id)).toContain(received.id);

      const recall = signEdxml(buildEdxmlMessage({ ...doc, business: { businessDocType: 1, businessDocReason: 'Gửi nhầm', documentId: doc.documentId } }), thirdKey);
      await sendToB(recall);
      await statusFromB(doc.documentId, '15');
      expect((await b.api('GET', `/incoming-documents/${received.id}`, clerkB)).body.status).toBe('recalled');
      const after = await b.api('GET', '/worklist?limit=100', clerkB);
      expect(after.body.items.map((x: { id: string }) => x.id)).not.toContain(received.id);
    }, 120_000);

    it('a recall after registration waits for the clerk: A sees 13, then 15 once B accepts; the document leaves B\'s worklists', async () => {
      const sent = await issueCongVan(a, [{ organId: b.organId, name: b.name }], 'Về việc tổ chức hội nghị sơ kết 6 tháng');
      const incoming = await receivedAt(b, sent.symbol);
      const clerkB = await b.token('vanthu');
      expect((await b.api('POST', `/incoming-documents/${incoming.id}/register`, clerkB, {})).status).toBe(200);
      await waitForStatus(a, sent.id, b.organId, '03', 60_000, log);

      const recall = await a.api('POST', `/outgoing-documents/${sent.id}/recall`, await a.token('vanthu'), { reason: 'Văn bản có sai sót về thời gian hội nghị' });
      expect(recall.status).toBe(200);
      expect(recall.body.recipients).toEqual([b.organId]);
      expect((await exchangeOf(a, sent.id, b.organId))).toMatchObject({ status: 'recall_requested', statusCode: '13' });
      await waitFor('the recall to reach B', async () =>
        (await b.sql(`SELECT 1 FROM exchange_inbound_documents WHERE incoming_document_id = $1 AND recall_state = 'requested'`, [incoming.id])).length > 0, 60_000, log);
      // Registered: nothing changes until the clerk decides.
      expect((await b.api('GET', `/incoming-documents/${incoming.id}`, clerkB)).body.status).toBe('registered');
      expect((await exchangeOf(a, sent.id, b.organId))?.statusCode).toBe('13');

      const decided = await b.api('POST', `/incoming-documents/${incoming.id}/recall-decision`, clerkB, { accept: true, note: 'Đồng ý thu hồi' });
      expect(decided.status).toBe(200);
      expect(decided.body.status).toBe('recalled');
      await waitForStatus(a, sent.id, b.organId, '15', 60_000, log);
      const worklist = await b.api('GET', '/worklist?limit=100', clerkB);
      expect(worklist.body.items.map((x: { id: string }) => x.id)).not.toContain(incoming.id);
      // A second decision has nothing left to decide.
      expect((await b.api('POST', `/incoming-documents/${incoming.id}/recall-decision`, clerkB, { accept: false })).status).toBe(409);
    }, 180_000);

    it('the clerk may refuse a recall after registration: A sees 16 and B keeps the document', async () => {
      const { doc, xml } = await thirdPackage();
      await sendToB(xml);
      await statusFromB(doc.documentId, '01');
      const [received] = await incomingBySymbol(`${doc.code.codeNumber}/SNV-TCBC`);
      const clerkB = await b.token('vanthu');
      expect((await b.api('POST', `/incoming-documents/${received.id}/register`, clerkB, {})).status).toBe(200);
      await sendToB(signEdxml(buildEdxmlMessage({ ...doc, business: { businessDocType: 1, businessDocReason: 'Thu hồi để sửa' } }), thirdKey));
      await waitFor('the recall to reach B', async () =>
        (await b.sql(`SELECT 1 FROM exchange_inbound_documents WHERE incoming_document_id = $1 AND recall_state = 'requested'`, [received.id])).length > 0, 60_000, log);
      const decided = await b.api('POST', `/incoming-documents/${received.id}/recall-decision`, clerkB, { accept: false, note: 'Văn bản đã được xử lý' });
      expect(decided.status).toBe(200);
      expect(decided.body.status).toBe('registered');
      const s = await statusFromB(doc.documentId, '16');
      expect(s.description).toBe('Văn bản đã được xử lý');
    }, 120_000);
  });

  it('a received electronic document returned by the clerk answers 02 with the reason; only received documents can be returned', async () => {
    const { doc, xml } = await thirdPackage();
    await sendToB(xml);
    await statusFromB(doc.documentId, '01');
    const [received] = await incomingBySymbol(`${doc.code.codeNumber}/SNV-TCBC`);
    const clerkB = await b.token('vanthu');
    const empty = await b.api('POST', `/incoming-documents/${received.id}/return`, clerkB, { reason: '   ' });
    expect(empty.status).toBe(400);
    const leader = await b.api('POST', `/incoming-documents/${received.id}/return`, await b.token('cv.kinhte'), { reason: 'Không thuộc thẩm quyền' });
    expect([403, 404]).toContain(leader.status);
    const returned = await b.api('POST', `/incoming-documents/${received.id}/return`, clerkB, { reason: 'Văn bản gửi nhầm, không thuộc thẩm quyền của phường' });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    const s = await statusFromB(doc.documentId, '02');
    expect(s.description).toBe('Văn bản gửi nhầm, không thuộc thẩm quyền của phường');
    expect((await b.api('POST', `/incoming-documents/${received.id}/return`, clerkB, { reason: 'Lần hai' })).status).toBe(409);
  }, 120_000);
});
