import { DOCUMENT_TYPES, documentType } from './document-types';

describe('Decree 30 document type catalog', () => {
  it('lists exactly the 29 types with unique keys', () => {
    expect(DOCUMENT_TYPES).toHaveLength(29);
    expect(new Set(DOCUMENT_TYPES.map((t) => t.key)).size).toBe(29);
  });

  it('keeps the mixed-case abbreviations of Phụ lục III exactly', () => {
    expect(documentType('QUYET_DINH').abbreviation).toBe('QĐ');
    expect(documentType('TO_TRINH').abbreviation).toBe('TTr');
    expect(documentType('QUY_DINH').abbreviation).toBe('QyĐ');
    expect(documentType('CHUONG_TRINH').abbreviation).toBe('CTr');
    expect(documentType('BAN_GHI_NHO').abbreviation).toBe('BGN');
  });

  it('gives Công văn and Thư công no abbreviation', () => {
    expect(documentType('CONG_VAN').abbreviation).toBeNull();
    expect(documentType('THU_CONG').abbreviation).toBeNull();
    expect(DOCUMENT_TYPES.filter((t) => t.abbreviation === null)).toHaveLength(2);
  });
});
