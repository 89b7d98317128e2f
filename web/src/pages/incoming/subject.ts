import type { IncomingDocument } from '../../api/types';

const SECRET = ['secret', 'top_secret', 'absolute_secret'];

/** The fields the incoming-document rules test (the service's incoming-record.ts computes the same). */
export const docSubject = (d: IncomingDocument) => ({
  stateSecret: SECRET.includes(d.confidentiality),
  scopeDepartmentId: d.departmentId,
  registeredByUserId: d.registeredByUserId,
  submittedToUserId: d.submittedToUserId,
  lineDepartmentIds: (d.lines ?? []).map((l) => l.departmentId).filter(Boolean),
  lineUserIds: (d.lines ?? []).map((l) => l.userId).filter(Boolean),
});
