import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTER_COLUMNS } from '../../src/modules/registers-print/register-columns';
import { JobQueues, JobWorkers, OutboxRelay } from '../../src/common/queue';
import { directedIncoming, registerIncoming } from '../factories/incoming.factory';
import { signedDocument } from '../factories/outgoing.factory';
import { createOrganization, createTanBinhWard, TanBinhWard } from '../factories/ward.factory';
import { closeJobApp, createJobApp, waitFor } from '../fixtures/jobs/job-test-helpers';
import { countXlsxRows, dayOf, dmy, libreOfficeCsv, readXlsx } from '../fixtures/exports/readback';
import type { TestApp } from '../setup/test-app';

const API = '/api/v1';
/** Files kept for a person to open (test-artifacts/ is not committed). */
const keep = (name: string, body: Buffer) => {
  const dir = join(__dirname, '..', '..', 'test-artifacts', 'exports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), body);
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type Auth = { auth: Record<string, string> };

/** Exports on the Redis backend with the workers of this process (the job is the real one). */
describe('exports (POST /exports, progress, file, retention, limits)', () => {
  let t: TestApp;
  let w: TanBinhWard;
  beforeAll(async () => {
    t = await createJobApp('redis');
    t.clock.set('2025-08-05T09:00:00+07:00');
    w = await createTanBinhWard(t);
  });
  afterAll(async () => {
    await t?.app.get(JobWorkers).stop();
    await closeJobApp(t);
  });

  const post = (who: Auth, body: object) => t.http.post(`${API}/exports`).set(who.auth).send(body);
  const get = (who: Auth, id: string) => t.http.get(`${API}/exports/${id}`).set(who.auth);
  const download = (who: Auth, id: string) => t.http.get(`${API}/exports/${id}/file`).set(who.auth).buffer(true)
    .parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); });
  const count = async (sql: string, params: unknown[]) => ((await t.ds.query(sql, params)) as { n: number }[])[0].n;
  const startWorkers = () => t.app.get(JobWorkers).start({ concurrency: 2 });
  const untilDone = (who: Auth, id: string, timeoutMs = 120_000) => waitFor(`export ${id} to finish`, async () => {
    const r = await get(who, id).expect(200);
    if (r.body.status === 'failed') throw new Error(`export failed: ${r.body.error}`);
    return r.body.status === 'done' ? r.body : undefined;
  }, timeoutMs, 100);

  describe('before any worker runs', () => {
    it('answers 429 in Vietnamese to a fourth export while three are waiting, and queues nothing for it', async () => {
      const clerk = w.users.officeClerk;
      const body = { kind: 'incoming_register', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' };
      for (let i = 0; i < 3; i++) expect((await post(clerk, body).expect(202)).body).toEqual({ id: expect.any(String), status: 'queued' });
      const before = { rows: await count(`SELECT count(*)::int AS n FROM exports WHERE requested_by_user_id = $1`, [clerk.id]),
        outbox: await count(`SELECT count(*)::int AS n FROM outbox WHERE job_name = 'export.run'`, []) };
      const refused = await post(clerk, body).expect(429);
      expect(refused.body.error.code).toBe('RATE_LIMITED');
      expect(refused.body.error.message).toMatch(/chưa xong.*tối đa 3/);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(await count(`SELECT count(*)::int AS n FROM exports WHERE requested_by_user_id = $1`, [clerk.id])).toBe(before.rows);
      expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE job_name = 'export.run'`, [])).toBe(before.outbox);
    });

    it('answers 429 once a user has asked for 20 exports within the hour, telling them how long to wait', async () => {
      const u = w.users.chairman;
      await t.ds.query(
        `INSERT INTO exports (organization_id, requested_by_user_id, kind, format, from_day, to_day, status, progress, created_at, expires_at)
         SELECT $1, $2, 'summary', 'xlsx', '2025-07-01', '2025-07-31', 'done', 1, $3::timestamptz - (g || ' minutes')::interval, $3::timestamptz + interval '7 days'
           FROM generate_series(1, 20) g`, [w.org.id, u.id, t.clock.now()]);
      const refused = await post(u, { kind: 'summary', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }).expect(429);
      expect(refused.body.error.message).toMatch(/20 tệp trong một giờ qua.*thử lại sau \d+ phút/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await t.ds.query(`DELETE FROM exports WHERE requested_by_user_id = $1`, [u.id]);
    });

    it('refuses what the caller may not read: 403 for a specialist, 404 for a register of another organization', async () => {
      const body = { kind: 'incoming_register', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' };
      const refused = await post(w.users.ktSpecialist, body).expect(403);
      expect(refused.body.error.message).toMatch(/quyền/);
      const other = await createOrganization(t);
      const [reg] = await t.ds.query(`SELECT id FROM registers WHERE organization_id = $1 LIMIT 1`, [other.id]);
      await post(w.users.officeClerk, { ...body, registerId: reg.id }).expect(404);
      const bad = await post(w.users.chairman, { ...body, from: '2025-08-01', to: '2025-07-01' }).expect(400);
      expect(bad.body.error.details[0].message).toMatch(/Từ ngày/);
      const noDay = await post(w.users.chairman, { ...body, from: '2025-02-30' }).expect(400);
      expect(noDay.body.error.details[0]).toMatchObject({ field: 'from', message: expect.stringMatching(/không có trên lịch/) });
    });
  });

  describe('with workers', () => {
    beforeAll(async () => {
      await startWorkers();
      await t.app.get(OutboxRelay).drain();
      // The three exports queued above run first.
      await waitFor('the queued exports to finish', async () =>
        (await count(`SELECT count(*)::int AS n FROM exports WHERE status IN ('queued', 'running')`, [])) === 0, 120_000);
    });

    it('writes the incoming register as XLSX whose values, read by exceljs and by LibreOffice, are those in the database', async () => {
      const clerk = w.users.officeClerk;
      t.clock.set('2025-07-07T09:00:00+07:00');
      await registerIncoming(t, clerk, { summary: 'V/v rà soát đất đai; "ngoặc kép", dấu phẩy', documentDate: '2025-07-03' });
      t.clock.set('2025-07-09T10:00:00+07:00');
      await registerIncoming(t, clerk, { issuerName: 'UBND Thành phố Hồ Chí Minh', documentDate: '2025-07-08' });
      t.clock.set('2025-08-05T09:00:00+07:00');
      const db = (await t.ds.query(
        `SELECT arrival_number AS n, to_char(arrival_date, 'YYYY-MM-DD') AS arrival, issuer_name AS issuer, symbol,
                to_char(document_date, 'YYYY-MM-DD') AS "docDate"
           FROM incoming_documents WHERE organization_id = $1 AND arrival_number IS NOT NULL AND arrival_date BETWEEN '2025-07-01' AND '2025-07-31'
          ORDER BY arrival_date, arrival_number`, [w.org.id])) as { n: number; arrival: string; issuer: string; symbol: string; docDate: string }[];
      expect(db.length).toBeGreaterThanOrEqual(2);

      const { id } = (await post(clerk, { kind: 'incoming_register', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }).expect(202)).body;
      const done = await untilDone(clerk, id);
      expect(done).toMatchObject({ status: 'done', progress: 1, rowCount: db.length, kind: 'incoming_register', format: 'xlsx' });
      const file = await download(clerk, id).expect(200);
      expect(file.headers['content-type']).toBe(XLSX);
      expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Sổ đăng ký văn bản đến 01-07-2025 đến 31-07-2025.xlsx')}`);

      keep('so-dang-ky-van-ban-den.xlsx', file.body as Buffer);
      const x = await readXlsx(file.body as Buffer);
      expect(x.sheetName).toBe('Sổ đăng ký văn bản đến');
      const h = x.rows.findIndex((r) => r?.includes('Số đến'));
      expect(x.frozenRows).toBe(h + 1);
      const header = x.rows[h] as string[];
      expect(header.indexOf('Ngày đến')).toBeLessThan(header.indexOf('Số đến'));
      const col = (name: string) => header.indexOf(name);
      const data = x.rows.slice(h + 1);
      expect(data).toHaveLength(db.length);
      expect(x.widths.every((wd) => wd > 0)).toBe(true);
      data.forEach((r, i) => {
        expect(r[col('Số đến')]).toBe(db[i].n); // a number, not text
        expect(r[col('Ngày đến')]).toBeInstanceOf(Date); // a date, not text
        expect(dayOf(r[col('Ngày đến')])).toBe(db[i].arrival);
        expect(x.numFmts[h + 1 + i][col('Ngày đến')]).toBe('dd/mm/yyyy');
        expect(r[col('Tác giả')]).toBe(db[i].issuer);
        expect(r[col('Số, ký hiệu văn bản')]).toBe(db[i].symbol);
      });

      const lo = await libreOfficeCsv(file.body as Buffer);
      const loHeader = lo.findIndex((r) => r.includes('Số đến'));
      expect(loHeader).toBe(h);
      lo.slice(loHeader + 1, loHeader + 1 + db.length).forEach((r, i) => {
        expect(r[col('Số đến')]).toBe(String(db[i].n));
        expect(r[col('Ngày đến')]).toBe(dmy(db[i].arrival));
        expect(r[col('Tác giả')]).toBe(db[i].issuer);
        expect(r[col('Số, ký hiệu văn bản')]).toBe(db[i].symbol);
      });
    });

    it('writes the outgoing register and the tracking register as XLSX in Decree 30 column order, with the database values', async () => {
      const { officeClerk, chiefOfOffice, chairman } = w.users;
      t.clock.set('2025-07-15T09:00:00+07:00');
      await t.http.post(`${API}/signing-keys/dev-certificates`).set(w.users.admin.auth).send({ userId: chiefOfOffice.id }).expect(201);
      await t.http.post(`${API}/signing-keys/dev-certificates`).set(w.users.admin.auth).send({ agency: true }).expect(201);
      const signed = await signedDocument(t, officeClerk, chiefOfOffice, chiefOfOffice,
        { documentType: 'THONG_BAO', departmentId: w.departments.office.id, signerId: chiefOfOffice.id }, 'TL');
      await t.http.post(`${API}/outgoing-documents/${signed.id}/issue`).set(officeClerk.auth).send({}).expect(200);
      const directed = await directedIncoming(t, { clerk: officeClerk, leader: chairman }, { lead: { departmentId: w.departments.kt.id }, deadline: '2025-07-31' });
      t.clock.set('2025-08-05T09:00:00+07:00');

      const [out] = await t.ds.query(`SELECT symbol, to_char(issued_date, 'YYYY-MM-DD') AS issued FROM outgoing_documents WHERE id = $1`, [signed.id]);
      const { id: outId } = (await post(officeClerk, { kind: 'outgoing_register', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }).expect(202)).body;
      await untilDone(officeClerk, outId);
      const ox = await readXlsx((await download(officeClerk, outId).expect(200)).body as Buffer);
      expect(ox.sheetName).toBe('Sổ đăng ký văn bản đi');
      const oh = ox.rows.findIndex((r) => r?.includes('Người ký'));
      expect(ox.rows[oh]).toEqual(REGISTER_COLUMNS.outgoing_register.map((c) => c.header));
      const orow = ox.rows.slice(oh + 1).find((r) => r[0] === out.symbol) as unknown[];
      expect(dayOf(orow[1])).toBe(out.issued);
      const olo = await libreOfficeCsv((await download(officeClerk, outId).expect(200)).body as Buffer);
      expect(olo.find((r) => r[0] === out.symbol)?.[1]).toBe(dmy(out.issued));

      const { id: trId } = (await post(officeClerk, { kind: 'incoming_tracking', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }).expect(202)).body;
      await untilDone(officeClerk, trId);
      const tx = await readXlsx((await download(officeClerk, trId).expect(200)).body as Buffer);
      expect(tx.sheetName).toBe('Sổ theo dõi giải quyết VB đến'); // the full name is over Excel's 31 characters
      const th = tx.rows.findIndex((r) => r?.includes('Thời hạn giải quyết'));
      expect(tx.rows[th]).toEqual(REGISTER_COLUMNS.incoming_tracking.map((c) => c.header));
      const trow = tx.rows.slice(th + 1).find((r) => r[0] === directed.arrivalNumber) as unknown[];
      expect(trow[3]).toBeInstanceOf(Date);
      expect(dayOf(trow[3])).toBe('2025-07-31');
    });

    it('prints the incoming register as a PDF whose text has the Decree 30 headings and every row of the period', async () => {
      const clerk = w.users.officeClerk;
      t.clock.set('2025-07-21T09:00:00+07:00');
      await registerIncoming(t, clerk, { summary: 'V/v tổng kết công tác phòng, chống thiên tai năm 2025', documentDate: '2025-07-18' });
      t.clock.set('2025-08-05T09:00:00+07:00');
      const symbols = (await t.ds.query(
        `SELECT symbol FROM incoming_documents WHERE organization_id = $1 AND arrival_number IS NOT NULL AND arrival_date BETWEEN '2025-07-01' AND '2025-07-31'`,
        [w.org.id])) as { symbol: string }[];
      const { id } = (await post(clerk, { kind: 'incoming_register', format: 'pdf', from: '2025-07-01', to: '2025-07-31' }).expect(202)).body;
      const done = await untilDone(clerk, id);
      expect(done.rowCount).toBe(symbols.length);
      const file = await download(clerk, id).expect(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toContain(encodeURIComponent('Sổ đăng ký văn bản đến 01-07-2025 đến 31-07-2025.pdf'));
      keep('in-so-van-ban-den.pdf', file.body as Buffer);
      const dir = mkdtempSync(join(tmpdir(), 'vanthu-pdf-'));
      writeFileSync(join(dir, 'so.pdf'), file.body as Buffer);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'so.pdf'), '-']).toString();
      rmSync(dir, { recursive: true, force: true });
      expect(text).toContain('Số đến');
      expect(text).toContain('Tác giả');
      // A long symbol wraps inside its cell (after "/" or "-"), so its parts land between the neighbouring cells' lines.
      const flat = text.replace(/\s+/g, '');
      for (const s of symbols) for (const part of s.symbol.split(/[/-]/)) expect(flat).toContain(part);
      expect(text).toMatch(new RegExp(`Từ số 1 đến số ${symbols.length}\\b`));
    });

    it('writes the statistics per department as XLSX with the figures of /reports/summary, read by exceljs and by LibreOffice', async () => {
      const leader = w.users.chairman;
      const json = (await t.http.get(`${API}/reports/summary?from=2025-07-01&to=2025-07-31&groupBy=department`).set(leader.auth).expect(200)).body;
      const { id } = (await post(leader, { kind: 'summary', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }).expect(202)).body;
      await untilDone(leader, id);
      const file = await download(leader, id).expect(200);
      keep('thong-ke-theo-phong.xlsx', file.body as Buffer);
      const x = await readXlsx(file.body as Buffer);
      expect(x.sheetName).toBe('Thống kê theo phòng ban');
      const h = x.rows.findIndex((r) => r?.includes('Phòng ban'));
      expect(x.frozenRows).toBe(h + 1);
      const lo = await libreOfficeCsv(file.body as Buffer);
      for (const d of json.byDepartment as { departmentName: string; incoming: Record<string, number | null>; tasks: Record<string, number> }[]) {
        const row = x.rows.find((r) => r?.[1] === d.departmentName) as unknown[];
        expect(row.slice(2, 11)).toEqual([d.incoming.received, d.incoming.completed, d.incoming.inProgress, d.incoming.overdue,
          d.incoming.completedOnTime, d.incoming.onTimeRate ?? undefined, d.tasks.assigned, d.tasks.done, d.tasks.overdue]);
        const csv = lo.find((r) => r[1] === d.departmentName) as string[];
        expect(csv.slice(2, 7)).toEqual([d.incoming.received, d.incoming.completed, d.incoming.inProgress, d.incoming.overdue, d.incoming.completedOnTime].map(String));
      }
      const total = x.rows.find((r) => r?.[1] === 'Toàn đơn vị') as unknown[];
      expect(total[2]).toBe(json.incoming.received);
    });

    it('streams 50,000 rows to the file with progress from 0 to 1, keeping memory under 300 MB above idle; only the requester sees it', async () => {
      const clerk = w.users.officeClerk;
      const [reg] = await t.ds.query(
        `INSERT INTO registers (organization_id, kind, name, year) VALUES ($1, 'incoming', 'Sổ văn bản đến năm 2024', 2024) RETURNING id`, [w.org.id]);
      await t.ds.query(
        `INSERT INTO incoming_documents (organization_id, register_id, arrival_number, arrival_date, arrival_year, channel, issuer_name, symbol,
                                         document_type, document_date, summary, urgency, confidentiality, status)
         SELECT $1, $2, g, date '2024-01-01' + (g * 365 / 50001), 2024, 'paper', 'Sở Tài nguyên và Môi trường Thành phố Hồ Chí Minh',
                g || '/STNMT-QLĐĐ', 'CONG_VAN', date '2024-01-01' + (g * 365 / 50001),
                'V/v hướng dẫn cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất số ' || g,
                'normal', 'normal', 'registered'
           FROM generate_series(1, 50000) g`, [w.org.id, reg.id]);

      const idle = process.memoryUsage().rss;
      let peak = idle;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
      const started = Date.now();
      const { id } = (await post(clerk, { kind: 'incoming_register', format: 'xlsx', registerId: reg.id, from: '2024-01-01', to: '2024-12-31' }).expect(202)).body;
      const seen: number[] = [];
      try {
        await waitFor('the 50,000-row export', async () => {
          const r = (await get(clerk, id).expect(200)).body;
          if (r.status === 'failed') throw new Error(r.error);
          seen.push(r.progress);
          return r.status === 'done' ? r : undefined;
        }, 600_000, 200);
      } finally {
        clearInterval(sampler);
      }
      const seconds = (Date.now() - started) / 1000;
      const grewMb = (peak - idle) / 1024 / 1024;
      // Measured figure, for the report (docs/EXPORTS.md).
      console.log(`50,000-row export: ${seconds.toFixed(1)} s, RSS idle ${(idle / 1048576).toFixed(0)} MB, peak ${(peak / 1048576).toFixed(0)} MB, +${grewMb.toFixed(0)} MB; progress samples ${seen.length}: ${seen.slice(0, 8).join(', ')} … ${seen.slice(-3).join(', ')}`);
      expect(grewMb).toBeLessThan(300);
      expect(seen[0]).toBe(0);
      expect(seen[seen.length - 1]).toBe(1);
      expect(seen.some((p) => p > 0 && p < 1)).toBe(true);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen); // never goes back

      const [row] = await t.ds.query(`SELECT file_path, row_count FROM exports WHERE id = $1`, [id]);
      expect(row.row_count).toBe(50000);
      const path = join(t.config.filesDir, 'exports', row.file_path);
      expect(existsSync(path)).toBe(true);
      const counted = await countXlsxRows(path);
      expect(counted.rows).toBe(50000 + 3); // two title lines, the header, then the rows
      expect(counted.last).toContain(50000);

      // Nobody else: another user of the same ward, the ward's administrator, another organization's user.
      const other = await createOrganization(t);
      for (const who of [w.users.ktClerk, w.users.admin, other.admin]) {
        await get(who, id).expect(404);
        await download(who, id).expect(404);
      }
    }, 900_000);

    it('removes the file and the row with the scheduled cleanup once 7 days have passed, not before', async () => {
      const leader = w.users.chairman;
      t.clock.set('2025-08-05T09:00:00+07:00');
      const { id } = (await post(leader, { kind: 'summary', format: 'xlsx', from: '2025-07-01', to: '2025-07-31' }).expect(202)).body;
      await untilDone(leader, id);
      const [row] = await t.ds.query(`SELECT file_path FROM exports WHERE id = $1`, [id]);
      const path = join(t.config.filesDir, 'exports', row.file_path);
      expect(readFileSync(path).length).toBeGreaterThan(0);
      const cleanup = async () => {
        const jobId = await t.app.get(JobQueues).add('export.cleanup', { v: 1, orgId: null });
        const job = await t.app.get(JobQueues).queueOf('export.cleanup').getJob(jobId);
        return waitFor('the cleanup job', async () => ((await job!.getState()) === 'completed' ? true : undefined), 60_000);
      };

      t.clock.set('2025-08-12T08:59:00+07:00'); // a minute short of 7 days
      await cleanup();
      expect(await count(`SELECT count(*)::int AS n FROM exports WHERE id = $1`, [id])).toBe(1);
      expect(existsSync(path)).toBe(true);
      await get(leader, id).expect(200);

      t.clock.set('2025-08-12T09:00:01+07:00');
      await get(leader, id).expect(404); // expired: gone for the requester at once
      await cleanup();
      expect(await count(`SELECT count(*)::int AS n FROM exports WHERE id = $1`, [id])).toBe(0);
      expect(existsSync(path)).toBe(false);
      t.clock.set('2025-08-05T09:00:00+07:00');
    });
  });
});
