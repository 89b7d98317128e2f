import { validationFailed } from '../../common/errors/domain-error';
import type { SignerRef } from './signature-provider';

export interface SigningKeyView {
  id: string;
  ownerKind: 'person' | 'agency';
  userId: string | null;
  source: 'dev_ca' | 'imported';
  subjectCommonName: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  active: boolean;
  createdAt: string;
}

export interface KeyRow {
  id: string;
  organization_id: string;
  owner_kind: 'person' | 'agency';
  user_id: string | null;
  source: 'dev_ca' | 'imported';
  subject_common_name: string;
  certificate_pem: string;
  serial_number: string;
  not_before: Date;
  not_after: Date;
  p12_encrypted: string;
  active: boolean;
  created_at: Date;
}

export const toView = (r: KeyRow): SigningKeyView => ({
  id: r.id, ownerKind: r.owner_kind, userId: r.user_id, source: r.source, subjectCommonName: r.subject_common_name,
  serialNumber: r.serial_number, notBefore: new Date(r.not_before).toISOString(), notAfter: new Date(r.not_after).toISOString(),
  active: r.active, createdAt: new Date(r.created_at).toISOString(),
});

/** Whose key or image an administrator means: a person (userId) or the agency (agency: true). */
export type SigningKeyTarget = { userId?: string; agency?: boolean };

export function targetRef(target: SigningKeyTarget): SignerRef {
  const agency = target.agency === true || String(target.agency) === 'true';
  if (agency && target.userId) throw validationFailed('userId', 'Chọn một: userId (chứng thư của một người) hoặc agency: true (của cơ quan).');
  if (agency) return { kind: 'agency' };
  if (!target.userId || !/^[0-9a-f-]{36}$/i.test(target.userId)) throw validationFailed('userId', 'Cần userId (UUID) của người được cấp, hoặc agency: true.');
  return { kind: 'person', userId: target.userId };
}
