/**
 * edXML (QCVN 102:2016/BTTTT) packages for exchanging documents between agencies: build, parse, sign, verify.
 * Pure functions, no I/O. See docs/EXCHANGE.md ("Gói tin edXML / package format").
 *
 * Shape notes (DOMAIN.md forced these beyond the first sketch of the API):
 * - Dates in the model are `YYYY-MM-DD`; instants (trace headers, status timestamps) ISO-8601 in Vietnam time
 *   (`edxmlTimestamp(new Date())`). The wire formats are `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss`.
 * - `documentType.typeDetail`, `otherInfo.direction/appendixes`, `steeringType`, and the `business` block
 *   (documentId, staffInfo, documentInfo.receivers, replacementInfo) are optional additions.
 * - `parseEdxmlMessage` does not check the signature; call `verifyEdxml` on the same bytes on receipt.
 * - `attachmentsIntact` is structural only: DOMAIN.md defines no per-attachment digest; the signature covers them.
 */
export { EDXML_NAMESPACE } from './edxml.types';
export type {
  EdxmlAttachment, EdxmlBusiness, EdxmlDocument, EdxmlOrgan, EdxmlPriority, EdxmlReceiverChange, EdxmlResponseFor, EdxmlStaffInfo,
  EdxmlStatus, EdxmlStatusCode,
} from './edxml.types';
export { EdxmlError } from './edxml-error';
export { buildEdxmlMessage } from './build-message';
export { parseEdxmlMessage } from './parse-message';
export { buildStatusMessage } from './build-status';
export { parseStatusMessage } from './parse-status';
export { detectMessageKind } from './detect-kind';
export { signEdxml, type EdxmlSigningKey } from './sign-edxml';
export { verifyEdxml, type EdxmlVerification, type VerifyOptions } from './verify-edxml';
export { attachmentsIntact } from './attachments-intact';
export { formatDocumentId, parseDocumentId, joinCode, type ParsedDocumentId } from './document-id';
export { STATUS_DESCRIPTIONS, STATUS_CODES, isStatusCode } from './status-codes';
export { edxmlTimestamp } from './edxml-dates';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './safe-xml';
