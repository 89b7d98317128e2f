/** Decree 30/2020 Điều 7 and Phụ lục III: the 29 administrative document types and their exact abbreviations. */
export const DOCUMENT_TYPES = [
  { key: 'NGHI_QUYET', name: 'Nghị quyết', abbreviation: 'NQ' },
  { key: 'QUYET_DINH', name: 'Quyết định', abbreviation: 'QĐ' },
  { key: 'CHI_THI', name: 'Chỉ thị', abbreviation: 'CT' },
  { key: 'QUY_CHE', name: 'Quy chế', abbreviation: 'QC' },
  { key: 'QUY_DINH', name: 'Quy định', abbreviation: 'QyĐ' },
  { key: 'THONG_CAO', name: 'Thông cáo', abbreviation: 'TC' },
  { key: 'THONG_BAO', name: 'Thông báo', abbreviation: 'TB' },
  { key: 'HUONG_DAN', name: 'Hướng dẫn', abbreviation: 'HD' },
  { key: 'CHUONG_TRINH', name: 'Chương trình', abbreviation: 'CTr' },
  { key: 'KE_HOACH', name: 'Kế hoạch', abbreviation: 'KH' },
  { key: 'PHUONG_AN', name: 'Phương án', abbreviation: 'PA' },
  { key: 'DE_AN', name: 'Đề án', abbreviation: 'ĐA' },
  { key: 'DU_AN', name: 'Dự án', abbreviation: 'DA' },
  { key: 'BAO_CAO', name: 'Báo cáo', abbreviation: 'BC' },
  { key: 'BIEN_BAN', name: 'Biên bản', abbreviation: 'BB' },
  { key: 'TO_TRINH', name: 'Tờ trình', abbreviation: 'TTr' },
  { key: 'HOP_DONG', name: 'Hợp đồng', abbreviation: 'HĐ' },
  { key: 'CONG_VAN', name: 'Công văn', abbreviation: null },
  { key: 'CONG_DIEN', name: 'Công điện', abbreviation: 'CĐ' },
  { key: 'BAN_GHI_NHO', name: 'Bản ghi nhớ', abbreviation: 'BGN' },
  { key: 'BAN_THOA_THUAN', name: 'Bản thỏa thuận', abbreviation: 'BTT' },
  { key: 'GIAY_UY_QUYEN', name: 'Giấy ủy quyền', abbreviation: 'GUQ' },
  { key: 'GIAY_MOI', name: 'Giấy mời', abbreviation: 'GM' },
  { key: 'GIAY_GIOI_THIEU', name: 'Giấy giới thiệu', abbreviation: 'GGT' },
  { key: 'GIAY_NGHI_PHEP', name: 'Giấy nghỉ phép', abbreviation: 'GNP' },
  { key: 'PHIEU_GUI', name: 'Phiếu gửi', abbreviation: 'PG' },
  { key: 'PHIEU_CHUYEN', name: 'Phiếu chuyển', abbreviation: 'PC' },
  { key: 'PHIEU_BAO', name: 'Phiếu báo', abbreviation: 'PB' },
  { key: 'THU_CONG', name: 'Thư công', abbreviation: null },
] as const;

export type DocumentTypeKey = (typeof DOCUMENT_TYPES)[number]['key'];
export const DOCUMENT_TYPE_KEYS: readonly string[] = DOCUMENT_TYPES.map((t) => t.key);

const byKey = new Map<string, (typeof DOCUMENT_TYPES)[number]>(DOCUMENT_TYPES.map((t) => [t.key, t]));

export function documentType(key: string) {
  const t = byKey.get(key);
  if (!t) throw new Error(`Unknown document type ${key}`);
  return t;
}

export const isDocumentTypeKey = (key: string): key is DocumentTypeKey => byKey.has(key);
