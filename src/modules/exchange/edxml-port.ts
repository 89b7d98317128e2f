/** The edXML library (./edxml) as the gateway uses it. */
export {
  buildEdxmlMessage, buildStatusMessage, detectMessageKind, edxmlTimestamp, formatDocumentId, parseEdxmlMessage, parseStatusMessage, signEdxml,
  verifyEdxml,
} from './edxml';
export type { EdxmlDocument, EdxmlOrgan, EdxmlStatus, EdxmlStatusCode } from './edxml';
