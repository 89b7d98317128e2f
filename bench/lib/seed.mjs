// Synthetic but realistic data: wards built through the real services (rules, registers, people), then incoming
// documents in bulk SQL — Vietnamese summaries with diacritics, spread over this year, gapless numbers per register,
// routing lines — and one heavy clerk with thousands of open lines (B3).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Progress } from './progress.mjs';

const TYPES = [['QUYET_DINH', 'QĐ', 'Quyết định'], ['CONG_VAN', null, 'Công văn'], ['KE_HOACH', 'KH', 'Kế hoạch'], ['BAO_CAO', 'BC', 'Báo cáo'],
  ['THONG_BAO', 'TB', 'Thông báo'], ['TO_TRINH', 'TTr', 'Tờ trình'], ['GIAY_MOI', 'GM', 'Giấy mời'], ['HUONG_DAN', 'HD', 'Hướng dẫn']];
const SUBJECTS = ['giao đất cho hộ gia đình, cá nhân', 'phòng, chống lụt bão và tìm kiếm cứu nạn năm 2025', 'triển khai chuyển đổi số cấp phường',
  'cấp giấy chứng nhận quyền sử dụng đất', 'tổ chức Đại hội thể dục thể thao', 'kiểm tra an toàn thực phẩm dịp Tết Nguyên đán',
  'điều chỉnh quy hoạch xây dựng khu dân cư', 'giải quyết khiếu nại của công dân', 'thu ngân sách nhà nước quý III',
  'chỉnh trang đô thị và trật tự lòng đường, vỉa hè', 'phòng chống dịch sốt xuất huyết', 'đánh giá, xếp loại công chức cuối năm',
  'bảo đảm trật tự an toàn giao thông', 'hỗ trợ hộ nghèo, hộ cận nghèo', 'tuyển sinh đầu cấp năm học mới', 'xử lý vi phạm trật tự xây dựng',
  'sáp nhập khu phố và bố trí cán bộ', 'quản lý chất thải rắn sinh hoạt', 'cải cách thủ tục hành chính một cửa', 'đền bù giải phóng mặt bằng dự án nâng cấp đường'];
const ISSUERS = [['Sở Nội vụ', 'SNV'], ['Sở Tài chính', 'STC'], ['Ủy ban nhân dân Thành phố', 'UBND'], ['Sở Xây dựng', 'SXD'],
  ['Sở Nông nghiệp và Môi trường', 'SNNMT'], ['Công an phường', 'CAP'], ['Sở Y tế', 'SYT'], ['Sở Giáo dục và Đào tạo', 'SGDĐT'],
  ['Văn phòng Ủy ban nhân dân Thành phố', 'VP'], ['Ban Chỉ huy Quân sự', 'BCHQS']];

const sqlArray = (xs) => `ARRAY[${xs.map((x) => (x === null ? 'NULL' : `'${String(x).replace(/'/g, "''")}'`)).join(',')}]::text[]`;
const pick = (arr, seed) => `(${arr})[1 + (abs(hashint4(${seed})) % array_length(${arr}, 1))]`;

/**
 * Wards of a group: 'main' (000.NN.99.H29, users *.wN) are what B2–B5 read; 'b1' (001.NN.99.H29, users *.bN) are B1's
 * own, so the thousands of documents B1 registers do not change what the later scenarios read.
 */
export const WARD_GROUPS = {
  main: { code: (i) => `000.${String(i).padStart(2, '0')}.99.H29`, suffix: (i) => `.w${i}`, name: (i) => `Thử Tải ${i + 1}` },
  b1: { code: (i) => `001.${String(i).padStart(2, '0')}.99.H29`, suffix: (i) => `.b${i}`, name: (i) => `Ghi Thử ${i + 1}` },
};

export async function seedWards({ root, config, wards, group = 'main' }) {
  const g = WARD_GROUPS[group];
  const require = createRequire(import.meta.url);
  const { NestFactory } = require(join(root, 'node_modules', '@nestjs', 'core'));
  const { AppModule } = require(join(root, 'dist', 'src', 'app.module.js'));
  const { createDemoWard } = require(join(root, 'dist', 'src', 'demo', 'demo-ward.js'));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, workers: false, logLevel: 'error' }), { logger: ['error'] });
  const out = [];
  const progress = new Progress(group === 'main' ? 'wards' : `${group} wards`, wards);
  try {
    for (let i = 0; i < wards; i++) {
      const w = await createDemoWard(app, { code: g.code(i), name: `Ủy ban nhân dân phường ${g.name(i)}`,
        placeName: g.name(i), usernameSuffix: g.suffix(i), password: 'Bench-Tai-Thu#2025' });
      out.push(w);
      progress.tick(i + 1);
    }
  } finally {
    progress.done();
    await app.close();
  }
  return out;
}

/** Bulk documents for one ward into its agency incoming register for the current year, numbered 1..n in arrival order. */
export async function seedDocuments(pg, ward, { count, year, openLinesForKtClerk = 0 }) {
  const { rows: [reg] } = await pg.query(
    `SELECT id FROM registers WHERE organization_id = $1 AND kind = 'incoming' AND year = $2 AND department_id IS NULL AND NOT confidential AND is_default`,
    [ward.organizationId, year]);
  const types = sqlArray(TYPES.map((t) => t[0]));
  const typeNames = sqlArray(TYPES.map((t) => t[2]));
  const subjects = sqlArray(SUBJECTS);
  const issuers = sqlArray(ISSUERS.map((x) => x[0]));
  const issuerCodes = sqlArray(ISSUERS.map((x) => x[1]));
  const total = count + openLinesForKtClerk;
  // Arrival dates spread from 1 January to today, in number order; statuses: most done, some open, a few waiting.
  await pg.query(`
    WITH g AS (
      SELECT n, (date_trunc('year', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                 + floor((n - 1)::float / $3 * ((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - date_trunc('year', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date))::int) AS d,
             abs(hashint4(n # $6)) AS h
        FROM generate_series(1, $3) n)
    INSERT INTO incoming_documents (organization_id, register_id, arrival_number, arrival_date, arrival_year, arrived_at, channel, issuer_name,
      issuer_code, symbol, document_type, document_date, summary, urgency, confidentiality, page_count, status, registered_by_user_id,
      registered_at, created_by_user_id, created_at, completed_at, due_date)
    SELECT $1, $2, n, d, $4, d + time '08:00' + (h % 28800) * interval '1 second', 'electronic', ${pick(issuers, 'h')}, ${pick(issuerCodes, 'h')},
      (1 + h % 3000)::text || '/' || ${pick(issuerCodes, 'h')}, ${pick(types, 'h >> 3')}, d - (h % 5),
      ${pick(typeNames, 'h >> 3')} || ' về việc ' || ${pick(subjects, 'h >> 6')} || ' trên địa bàn phường',
      (ARRAY['normal','normal','normal','normal','normal','normal','urgent','very_urgent','flash'])[1 + (h >> 9) % 9],
      'normal', 1 + h % 12,
      CASE WHEN n > $3::int - $7::int THEN 'in_progress' WHEN (h >> 12) % 20 < 13 THEN 'completed' WHEN (h >> 12) % 20 < 18 THEN 'in_progress'
           WHEN (h >> 12) % 20 < 19 THEN 'awaiting_direction' ELSE 'registered' END,
      $5, d + time '09:00', $5, d + time '09:00',
      CASE WHEN n <= $3::int - $7::int AND (h >> 12) % 20 < 13 THEN d + ((h >> 4) % 15) * interval '1 day' END,
      CASE WHEN (h >> 14) % 3 = 0 THEN d + 15 END
    FROM g`, [ward.organizationId, reg.id, total, year, ward.users.officeClerk.id, ward.index * 7919 + 1, openLinesForKtClerk]);
  await pg.query(`INSERT INTO register_counters (organization_id, register_id, year, last_number) VALUES ($1, $2, $3, $4)
                  ON CONFLICT (register_id, year) DO UPDATE SET last_number = EXCLUDED.last_number`, [ward.organizationId, reg.id, year, total]);
  // Routing: a lead line to a department for every directed document (the seed-004 shape: VHXH has no clerk → its head).
  const d = ward.departments;
  await pg.query(`
    INSERT INTO incoming_lines (organization_id, document_id, role, department_id, handled_by, status, deadline, instruction, assigned_by_user_id, created_at, completed_at)
    SELECT x.organization_id, x.id, 'lead', dep, CASE WHEN dep = $3 THEN 'head' ELSE 'clerks' END,
           CASE WHEN x.status = 'completed' THEN 'completed' WHEN x.arrival_number > $6::int - $7::int OR abs(hashint4(x.arrival_number)) % 2 = 0 THEN 'pending' ELSE 'in_progress' END,
           x.arrival_date + 10, 'Đề nghị phòng chủ trì, tham mưu giải quyết theo quy định.', $5, x.arrived_at + interval '2 hours', x.completed_at
      FROM incoming_documents x,
           LATERAL (SELECT CASE WHEN x.arrival_number > $6::int - $7::int THEN $2::uuid
                                ELSE (ARRAY[$2::uuid, $3::uuid, $4::uuid])[1 + abs(hashint4(x.arrival_number)) % 3] END AS dep) p
     WHERE x.organization_id = $1 AND x.status IN ('in_progress', 'completed')`,
    [ward.organizationId, d.kt.id, d.vhxh.id, d.pvhcc.id, ward.users.chairman.id, total, openLinesForKtClerk]);
  await pg.query(`
    INSERT INTO incoming_document_history (organization_id, document_id, action, actor_user_id, note, data, created_at)
    SELECT organization_id, id, 'registered', registered_by_user_id, NULL, '{}', registered_at FROM incoming_documents WHERE organization_id = $1`,
    [ward.organizationId]);
  return total;
}
