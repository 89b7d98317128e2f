import {
  buildEdxmlMessage, configureEdxmlWorkers, detectMessageKindOffThread, edxmlWorkerStats, formatDocumentId, signEdxml,
} from '../../src/modules/exchange/edxml';
import { EdxmlWorkerPool } from '../../src/modules/exchange/edxml/edxml-worker-pool';
import { createDevCa } from '../../src/modules/signing/crypto/dev-ca';
import { TEST_INBOUND_TOKEN } from './audit-coverage/exchange-audit-fixtures';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { makePdf } from '../fixtures/pdf-fixtures';
import { createTestApp, TestApp } from '../setup/test-app';

type PoolInternals = { send: (...args: unknown[]) => Promise<void> };

/**
 * POST /exchange/inbound while every edXML worker is taken and no package may wait: the axis is told 503 ("busy",
 * in Vietnamese) and sends again later, and nothing of the package was kept — so the same package sent again is taken
 * as new, not as a duplicate.
 *
 * The pool is the application's own shared pool, set to one worker and no queue. One package is given to that worker
 * and held back from it (the pool's hand-over to the thread waits on a gate the test opens), so the worker stays taken
 * for as long as the test needs: no race with how fast a worker thread runs.
 */
describe('the exchange push route when the edXML workers are busy', () => {
  let t: TestApp;
  let w: TanBinhWard;
  let xml: string;
  const proto = EdxmlWorkerPool.prototype as unknown as PoolInternals;
  const handOver = proto.send;
  let open: (() => void) | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTanBinhWard(t);
    const [org] = (await t.ds.query(`SELECT code, name FROM organizations WHERE id = $1`, [w.org.id])) as { code: string; name: string }[];
    const ca = createDevCa({ commonName: 'Sở thử nghiệm', organization: 'Sở thử nghiệm' });
    // Its PDF carries no signature: once the workers are free, the package is refused with status 02 (and recorded).
    xml = signEdxml(buildEdxmlMessage({
      from: { organId: '000.00.88.H29', organName: 'Sở thử nghiệm' }, to: [{ organId: org.code, organName: org.name }],
      code: { codeNumber: '17', codeNotation: 'STN' }, promulgationInfo: { place: 'TP. Hồ Chí Minh', promulgationDate: '2025-07-03' },
      documentType: { type: 1, typeName: 'Công văn' }, subject: 'Gói tin gửi khi hệ thống bận', signerInfo: { fullName: 'Người ký' }, toPlaces: [],
      otherInfo: { priority: 0 }, documentId: formatDocumentId('000.00.88.H29', '2025-07-03', '17/STN'), traceHeaders: [], business: { businessDocType: 0 },
      attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', fileName: 'cong-van.pdf', data: await makePdf() }],
    }), { privateKeyPem: ca.keyPem, certificatePem: ca.certPem });
  });
  afterEach(() => {
    open?.();
    proto.send = handOver;
  });
  afterAll(async () => {
    configureEdxmlWorkers({});
    await t?.close();
  });

  const push = (messageId: string) => t.http.post('/api/v1/exchange/inbound').set('Authorization', `Bearer ${TEST_INBOUND_TOKEN}`)
    .set('Content-Type', 'application/xml').set('X-Message-Id', messageId).send(xml);

  const stored = async () => {
    const [row] = (await t.ds.query(
      `SELECT (SELECT count(*) FROM exchange_messages WHERE organization_id = $1)::int AS messages,
              (SELECT count(*) FROM exchange_inbound_documents WHERE organization_id = $1)::int AS links,
              (SELECT count(*) FROM incoming_documents WHERE organization_id = $1)::int AS documents,
              (SELECT count(*) FROM audit_log WHERE organization_id = $1 AND action LIKE 'exchange.%')::int AS audit`, [w.org.id])) as Record<string, number>[];
    return row;
  };

  it('answers 503 with a Vietnamese "busy" error while the only worker is taken and no package may wait, and keeps nothing', async () => {
    expect(typeof handOver).toBe('function'); // the pool's hand-over to its thread; renamed, this test must be told
    configureEdxmlWorkers({ size: 1, maxQueued: 0 });
    const gate = new Promise<void>((resolve) => (open = resolve));
    proto.send = async function held(this: unknown, ...args: unknown[]) {
      await gate;
      return handOver.apply(this, args);
    };
    const occupying = detectMessageKindOffThread(xml);
    occupying.catch(() => undefined); // awaited below; a failure before that must not also be an unhandled rejection
    expect(edxmlWorkerStats()).toEqual(expect.objectContaining({ running: 1, queued: 0 }));

    const res = await push('busy-1');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', message: 'Hệ thống đang bận xử lý các gói tin edXML khác; vui lòng gửi lại sau' }),
    });
    expect(await stored()).toEqual({ messages: 0, links: 0, documents: 0, audit: 0 });

    // The worker is given its package at last and answers; the pool is free again.
    open?.();
    await expect(occupying).resolves.toBe('document');
    expect(edxmlWorkerStats()).toEqual(expect.objectContaining({ running: 0, queued: 0 }));

    // Sent again by the axis, the same package is new to the ward: it is read, checked and (its PDF unsigned) refused.
    const again = await push('busy-1');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ result: 'refused' });
    expect(await stored()).toEqual(expect.objectContaining({ messages: 2, documents: 0, audit: 1 })); // in: refused; out: status 02
  });
});
