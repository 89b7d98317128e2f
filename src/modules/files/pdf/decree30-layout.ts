import type { FontStyle } from './pdf-fonts';
import { mm } from './text-layout';

/** One text element of Phụ lục I: size in points, style, upper case or not. */
export interface ElementStyle {
  size: number;
  style: FontStyle;
  upper?: boolean;
}

/**
 * The Decree 30/2020 Phụ lục I layout of an A4 administrative document, as data: margins, the two header columns,
 * where the number and date lines go, font sizes of each element, paragraph spacing, the signature block and seal.
 * Everything that draws a document (composition, the issue revision, the preview) reads its positions from here.
 * Distances are in points, measured from the page's top or bottom edge as named.
 */
export const DECREE30_LAYOUT = {
  page: { width: mm(210), height: mm(297) },
  /** Lề trên 20–25 mm, lề dưới 20–25 mm, lề trái 30–35 mm, lề phải 15–20 mm. */
  margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
  /** Ô 1–3 (agency, number, V/v) centred in the left column; ô 4–5 (Quốc hiệu, date) in the right one. */
  leftColumn: { centreX: mm(55), width: mm(68) },
  rightColumn: { centreX: mm(140), width: mm(105) },
  header: { firstBaselineFromTop: mm(25), lineHeight: 1.2, ruleGap: 3, ruleThickness: 0.6, agencyRuleShare: 0.4 },
  /** Ô 3 and ô 4: "Số: …" and "<place>, ngày … tháng … năm …" share one baseline. */
  numberLine: { centreX: mm(55), baselineFromTop: mm(47), size: 13, style: 'regular' as FontStyle },
  dateLine: { centreX: mm(140), baselineFromTop: mm(47), size: 13, style: 'italic' as FontStyle },
  /** Ô 5b: công văn "V/v …" under the number; ô 10: urgency and confidentiality marks under that. */
  afterNumberGap: mm(6),
  /** The type name starts no higher than this, and at least this far below the left column's last line. */
  typeName: { minBaselineFromTop: mm(64), gapAfterHeader: mm(9) },
  bodyGapAfterTitle: mm(8),
  pageNumber: { baselineFromTop: mm(12), size: 13, style: 'regular' as FontStyle },
  elements: {
    parentAgency: { size: 13, style: 'regular', upper: true },
    agencyName: { size: 13, style: 'bold', upper: true },
    nationalTitle: { size: 13, style: 'bold', upper: true },
    motto: { size: 14, style: 'bold' },
    subjectLine: { size: 12, style: 'regular' },
    urgencyMark: { size: 13, style: 'bold', upper: true },
    confidentialityMark: { size: 13, style: 'bold', upper: true },
    typeName: { size: 14, style: 'bold', upper: true },
    summary: { size: 14, style: 'bold' },
    issuingAuthority: { size: 14, style: 'bold', upper: true },
    basis: { size: 14, style: 'italic' },
    body: { size: 14, style: 'regular' },
    decides: { size: 14, style: 'bold', upper: true },
    articleLabel: { size: 14, style: 'bold' },
    recipientsTitle: { size: 12, style: 'boldItalic' },
    recipients: { size: 11, style: 'regular' },
  } satisfies Record<string, ElementStyle>,
  /** Body: justified, first-line indent 1–1.27 cm, line spacing single to 1.5, ≥ 6 pt between paragraphs. */
  paragraph: { firstLineIndent: mm(10), lineHeight: 1.25, spacingAfter: 6 },
  /** Ô 9a/9b "Nơi nhận": left, level with the signature block; lines wrap at this width. */
  recipientsBlock: { x: mm(30), width: mm(68), lineHeight: 1.15 },
  /** Ô 7: authority and position lines, the signature between them and the name. */
  signatureBlock: {
    centreX: mm(140), size: 13, lineHeight: 1.2, nameBaselineFromBottom: mm(30), signatureGap: mm(25), signatureMaxWidth: mm(50), maxLines: 4,
  },
  /** Ô 8: a ward seal's real diameter, over the left third of the signature. */
  sealDiameter: mm(36),
  /** Free space kept between the last body line and the top of the signature/"Nơi nhận" zone. */
  zoneGap: mm(4),
} as const;

/** Height from the page bottom to the top of a signature block of `lines` authority lines (ô 7). */
export function signatureBlockTopFromBottom(lines: number = DECREE30_LAYOUT.signatureBlock.maxLines): number {
  const b = DECREE30_LAYOUT.signatureBlock;
  return b.nameBaselineFromBottom + b.signatureGap + b.size + (lines - 1) * b.size * b.lineHeight + b.size;
}
