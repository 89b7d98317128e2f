import { mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClsService } from 'nestjs-cls';
import { ExchangeOutboundService } from '../../src/modules/exchange/exchange-outbound.service';
import { ExchangePollService } from '../../src/modules/exchange/exchange-poll.service';
import { signedDocument } from '../factories/outgoing.factory';
import { createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { createTestApp, TestApp } from '../setup/test-app';

const API = '/api/v1';

/**
 * The folder transport (provincial gateways that exchange files): what is sent lands in out/ as one file per package;
 * a file placed in in/ is taken in and moved to in/done/. Two wards of this deployment play sender and receiver.
 */
describe('exchange over a folder pair', () => {
  let t: TestApp;
  let sender: TanBinhWard;
  let receiver: TanBinhWard;
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-exchange-folder-'));
  beforeAll(async () => {
    t = await createTestApp({ EXCHANGE_TRANSPORT: 'folder', EXCHANGE_FOLDER: dir });
    sender = await createTanBinhWard(t);
    receiver = await createTanBinhWard(t);
  });
  afterAll(() => t.close());

  const inCls = <T>(fn: () => Promise<T>) => t.app.get(ClsService).run(fn);

  it('writes the signed package to out/, takes a package from in/ as a received electronic document, and writes the 01 back to out/', async () => {
    const [{ code: receiverCode }] = (await t.ds.query(`SELECT code FROM organizations WHERE id = $1`, [receiver.org.id])) as { code: string }[];
    const doc = await signedDocument(t, sender.users.officeClerk, sender.users.chiefOfOffice, sender.users.chiefOfOffice, {
      documentType: 'THONG_BAO', departmentId: sender.departments.office.id, signerId: sender.users.chiefOfOffice.id,
      recipients: [{ type: 'external', name: receiver.org.name, organId: receiverCode }],
    } as never, 'TL');
    const issued = await t.http.post(`${API}/outgoing-documents/${doc.id}/issue`).set(sender.users.officeClerk.auth).send({}).expect(200);
    const [row] = (await t.ds.query(`SELECT id FROM exchange_messages WHERE outgoing_document_id = $1 AND direction = 'out'`, [doc.id])) as { id: string }[];
    // Workers are off in this test: run the send job's work directly; twice, as a retried job would.
    expect(await inCls(() => t.app.get(ExchangeOutboundService).send(sender.org.id, row.id))).toBe('sent');
    expect(await inCls(() => t.app.get(ExchangeOutboundService).send(sender.org.id, row.id))).toBe('sent');
    const out = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.xml'));
    expect(out).toEqual([`${receiverCode}__${row.id}.xml`]);
    expect((await t.http.get(`${API}/outgoing-documents/${doc.id}`).set(sender.users.officeClerk.auth).expect(200)).body.exchange)
      .toEqual([expect.objectContaining({ organId: receiverCode, status: 'sent', statusCode: null })]);

    // The gateway carries the file across: into in/, where the poll takes it.
    renameSync(join(dir, 'out', out[0]), join(dir, 'in', out[0]));
    expect(await inCls(() => t.app.get(ExchangePollService).poll())).toMatchObject({ taken: 1 });
    expect(readdirSync(join(dir, 'in', 'done'))).toEqual([out[0]]);
    const list = await t.http.get(`${API}/incoming-documents?status=received`).set(receiver.users.officeClerk.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ channel: 'electronic', symbol: issued.body.symbol, issuerName: sender.org.name })]);
    // The same file again is a duplicate: still one document.
    renameSync(join(dir, 'in', 'done', out[0]), join(dir, 'in', out[0]));
    expect(await inCls(() => t.app.get(ExchangePollService).poll())).toMatchObject({ duplicate: 1 });
    expect((await t.http.get(`${API}/incoming-documents?status=received`).set(receiver.users.officeClerk.auth).expect(200)).body.total).toBe(1);

    // The receiver's 01 waits in the outbox as a package row; sending it writes a status file addressed to the sender.
    const [status] = (await t.ds.query(`SELECT id FROM exchange_messages WHERE organization_id = $1 AND direction = 'out' AND kind = 'status'`,
      [receiver.org.id])) as { id: string }[];
    expect(await inCls(() => t.app.get(ExchangeOutboundService).send(receiver.org.id, status.id))).toBe('sent');
    const statusFile = readdirSync(join(dir, 'out')).find((f) => f.endsWith(`${status.id}.xml`))!;
    renameSync(join(dir, 'out', statusFile), join(dir, 'in', statusFile));
    expect(await inCls(() => t.app.get(ExchangePollService).poll())).toMatchObject({ status: 1 });
    expect((await t.http.get(`${API}/outgoing-documents/${doc.id}`).set(sender.users.officeClerk.auth).expect(200)).body.exchange)
      .toEqual([expect.objectContaining({ organId: receiverCode, status: 'arrived', statusCode: '01' })]);
  });
});
