/**
 * The edXML (QCVN 102:2016) model as vanthu reads and writes it. Field names follow the XML elements; dates are
 * plain `YYYY-MM-DD` and instants ISO-8601 with the Vietnam offset (`2025-07-07T09:30:00+07:00`), whatever the wire
 * format (`yyyy/MM/dd`, `yyyy/MM/dd HH:mm:ss`), so callers never parse edXML dates themselves.
 */

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** An agency as it appears in From / To (mã định danh in `organId`, an opaque string ≤ 50 characters). */
export interface EdxmlOrgan {
  organId: string;
  organName: string;
  /** `OrganizationInCharge`: the parent (managing) agency. */
  organInCharge?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface EdxmlAttachment {
  /** As written in the package, e.g. `cid:209`; the manifest and the encoded attachment are matched on it. */
  contentId: string;
  contentType: string;
  /** `AttachmentName`. */
  fileName: string;
  description?: string;
  data: Buffer;
}

/** Identifies the document a reply, a status or a recall is about. */
export interface EdxmlResponseFor {
  organId: string;
  /** `<số>/<ký hiệu>`, e.g. `7816/VPCP-TTĐT`. */
  code: string;
  /** `YYYY-MM-DD` when the wire value is a readable date; otherwise the value as received. */
  promulgationDate: string;
  documentId: string;
}

export interface EdxmlStaffInfo {
  department?: string;
  staff?: string;
  mobile?: string;
  email?: string;
}

/** `Receiver` of `BussinessDocumentInfo/ReceiverList`: 0 = removed from the recipients, 1 = added. */
export interface EdxmlReceiverChange {
  receiverType: 0 | 1;
  organId: string;
}

/** `TraceHeaderList/Bussiness` (spelled with double s on the wire): what this package does to the document. */
export interface EdxmlBusiness {
  /** 0 new, 1 recall (thu hồi), 2 update (cập nhật), 3 replace (thay thế). */
  businessDocType: 0 | 1 | 2 | 3;
  businessDocReason?: string;
  /** The document being recalled / updated / replaced. */
  documentId?: string;
  /** 1 when a paper copy is also sent. */
  paper?: number;
  staffInfo?: EdxmlStaffInfo;
  documentInfo?: { documentInfo?: string; documentReceiver?: string; receivers: EdxmlReceiverChange[] };
  replacementInfo?: Array<{ documentId: string; organIds: string[] }>;
}

export type EdxmlPriority = 0 | 1 | 2 | 3 | 4;

export interface EdxmlDocument {
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  /** `codeNumber` = số (`05`), `codeNotation` = ký hiệu (`TB-UBND`). */
  code: { codeNumber: string; codeNotation: string };
  /** `promulgationDate` is `YYYY-MM-DD`. */
  promulgationInfo: { place: string; promulgationDate: string };
  /** `type` is the axis's code list number (⚠️ lists differ between axes); `typeDetail` as sent, when sent. */
  documentType: { type: number; typeName: string; typeDetail?: number };
  subject: string;
  content?: string;
  signerInfo: { competence?: string; position?: string; fullName: string };
  /** `YYYY-MM-DD`. */
  dueDate?: string;
  /** "Nơi nhận" for information, free text. */
  toPlaces: string[];
  otherInfo: {
    /** 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
    priority: EdxmlPriority;
    sphereOfPromulgation?: string;
    typerNotation?: string;
    promulgationAmount?: number;
    pageAmount?: number;
    direction?: boolean;
    appendixes?: string[];
  };
  responseFor?: EdxmlResponseFor[];
  /** ⚠️ Values conflict between sources (0/1/2 vs 1/2/3): carried as received, never interpreted here. */
  steeringType?: number;
  /** `<organId>,<yyyy/MM/dd>,<số>/<ký hiệu>` — see formatDocumentId. */
  documentId: string;
  traceHeaders: Array<{ organId: string; timestamp: string }>;
  business: EdxmlBusiness;
  attachments: EdxmlAttachment[];
  /** Elements and attributes this library does not know, kept so that parse → build loses nothing. Opaque. */
  extensions?: unknown;
}

export type EdxmlStatusCode = '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';

export interface EdxmlStatus {
  from: EdxmlOrgan;
  /** Not part of the field format: written as a `To` element only when given (vanthu's own routing hint). */
  to?: EdxmlOrgan;
  responseFor: EdxmlResponseFor;
  statusCode: EdxmlStatusCode;
  description: string;
  /** ISO-8601 instant; written in Vietnam time as `yyyy/MM/dd HH:mm:ss`. */
  timestamp: string;
  staffInfo?: EdxmlStaffInfo;
  extensions?: unknown;
}
