import { formatVnDate } from '../files/pdf/decree30-format';
import type { IncomingDocumentResponseDto, IncomingLineResponseDto } from '../incoming-documents/dto/incoming-document.response.dto';
import { typeName } from './register-row-mappers';
import type { ProcessingSlipData } from './processing-slip.renderer';

export interface SlipAgency { name: string; parentName: string | null }

/** `Ngày 07 tháng 7 năm 2025` (Decree 30: days below 10 and months 1–2 with a leading zero). */
export function dateLine(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return `Ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

const ROLE: Record<string, string> = { lead: 'chủ trì', coordinate: 'phối hợp', inform: 'để biết' };

const who = (l: IncomingLineResponseDto): string => l.userName ?? l.departmentName ?? '';
const withPosition = (name: string | null, position: string | null) => (name ? { name, position: position || null } : null);
const withDeadline = (l: IncomingLineResponseDto): string => (l.deadline ? `${who(l)} (hạn ${formatVnDate(l.deadline)})` : who(l));

/**
 * The slip's three sections from the document as GET /incoming-documents/:id shows it: the leader's direction (the
 * last 'directed' history entry and the top-level lines), the unit leaders' assignments (lines under a unit's line),
 * and the handlers' proposals (the result a person wrote when completing their line). `localDay` turns an instant
 * into the organization's calendar day.
 */
export function buildSlipData(doc: IncomingDocumentResponseDto, agency: SlipAgency, localDay: (iso: string) => string): ProcessingSlipData {
  const lines = doc.lines ?? [];
  const history = doc.history ?? [];
  const top = lines.filter((l) => l.parentLineId === null && l.status !== 'returned');
  const directed = [...history].reverse().find((h) => h.action === 'directed') ?? null;
  const byId = new Map(lines.map((l) => [l.id, l]));

  const direction: ProcessingSlipData['direction'] = directed || top.length ? {
    instruction: directed?.note ?? doc.direction ?? null,
    lead: top.filter((l) => l.role === 'lead').map(withDeadline),
    coordinate: top.filter((l) => l.role === 'coordinate').map(withDeadline),
    inform: top.filter((l) => l.role === 'inform').map(who),
    deadline: doc.dueDate ? formatVnDate(doc.dueDate) : null,
    dateLine: dateLine(localDay(directed?.createdAt ?? top[0].createdAt)),
    signer: directed ? withPosition(directed.actorName, directed.actorPosition) : null,
  } : null;

  // A line handed on again (a clerk passing the unit's line to its head) is routing, not the unit leader's opinion:
  // section 2 shows the assignments that reached the person who handles, section 3 what those persons proposed.
  const handedOn = new Set(lines.map((l) => l.parentLineId).filter((id): id is string => id !== null));
  const unitOf = (l: IncomingLineResponseDto | undefined): string => {
    for (let at = l; at; at = at.parentLineId ? byId.get(at.parentLineId) : undefined) if (at.departmentName) return at.departmentName;
    return l ? who(l) : '';
  };
  const assignments = lines
    .filter((l) => l.parentLineId !== null && l.userId !== null && !handedOn.has(l.id))
    .map((l) => {
      const parent = byId.get(l.parentLineId as string);
      return {
        unit: unitOf(parent),
        assignee: `${l.userName ?? ''} (${ROLE[l.role] ?? l.role})`,
        deadline: l.deadline ? formatVnDate(l.deadline) : null,
        dateLine: dateLine(localDay(l.createdAt)),
        by: withPosition(l.assignedByName, l.assignedByPosition),
        instruction: l.instruction,
      };
    });

  const proposals = lines
    .filter((l) => l.userId !== null && l.result && !handedOn.has(l.id))
    .map((l) => ({ handler: l.userName ?? '', text: l.result as string, dateLine: l.completedAt ? dateLine(localDay(l.completedAt)) : null }));

  return {
    parentAgencyName: agency.parentName,
    agencyName: agency.name,
    documentTypeName: typeName(doc.documentType),
    symbol: doc.symbol,
    documentDate: formatVnDate(doc.documentDate),
    issuerName: doc.issuerName,
    summary: doc.summary,
    arrivalNumber: doc.arrivalNumber,
    arrivalDate: doc.arrivalDate ? formatVnDate(doc.arrivalDate) : null,
    direction,
    assignments,
    proposals,
  };
}
