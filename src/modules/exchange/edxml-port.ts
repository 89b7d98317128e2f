/* TEMPORARY until the edxml branch is merged: the library's API by its fixed names. Replaced by re-exports on merge. */
/* eslint-disable @typescript-eslint/no-require-imports */
export interface EdxmlOrgan { organId: string; organName: string; organizationInCharge?: string; organAdd?: string; email?: string; telephone?: string; fax?: string; website?: string }
export interface EdxmlDocument {
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  code: { codeNumber: string; codeNotation: string };
  promulgationInfo: { place: string; promulgationDate: string };
  documentType: { type: number | string; typeName: string; typeDetail?: string };
  subject: string;
  signerInfo: { competence?: string; position?: string; fullName?: string };
  dueDate?: string;
  toPlaces?: string[];
  otherInfo: { priority: number; [k: string]: unknown };
  responseFor?: unknown[];
  documentId: string;
  traceHeaders?: { organId: string; timestamp: string }[];
  business: { businessDocType: 0 | 1 | 2 | 3; businessDocReason?: string; [k: string]: unknown };
  attachments: { contentId: string; contentType: string; fileName: string; description?: string; data: Buffer }[];
  [k: string]: unknown;
}
export type EdxmlStatusCode = '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';
export interface EdxmlStatus {
  from: EdxmlOrgan;
  to?: EdxmlOrgan;
  responseFor: { organId: string; code: string; promulgationDate: string; documentId: string };
  statusCode: EdxmlStatusCode;
  description: string;
  timestamp: string;
  staffInfo?: { department?: string; staff?: string; mobile?: string; email?: string };
}
let loaded: Record<string, any> | null = null;
const lib = new Proxy({}, { get: (_t, name: string) => (loaded ??= require('./edxml') as Record<string, any>)[name] }) as Record<string, any>;
export const buildEdxmlMessage = (doc: EdxmlDocument): string => lib.buildEdxmlMessage(doc);
export const parseEdxmlMessage = (xml: string): EdxmlDocument => lib.parseEdxmlMessage(xml);
export const buildStatusMessage = (s: EdxmlStatus): string => lib.buildStatusMessage(s);
export const parseStatusMessage = (xml: string): EdxmlStatus => lib.parseStatusMessage(xml);
export const detectMessageKind = (xml: string): string => lib.detectMessageKind(xml);
export const signEdxml = (xml: string, key: { privateKeyPem: string; certificatePem: string }): string => lib.signEdxml(xml, key);
export const verifyEdxml = (xml: string): { valid: boolean; reason?: string; certificatePem?: string } => lib.verifyEdxml(xml);
export const formatDocumentId = (organId: string, date: string | Date, code: string): string => lib.formatDocumentId(organId, date, code);
