/**
 * The edXML library (./edxml) as the gateway uses it. Reading, verifying and signing packages run off the event loop
 * (worker threads, ./edxml/edxml-offthread.ts): a 40 MB package costs seconds of CPU.
 */
export {
  buildEdxmlMessage, buildStatusMessage, detectMessageKindOffThread, edxmlTimestamp, EdxmlWorkerError, formatDocumentId, parseEdxmlOffThread,
  parseStatusOffThread, signEdxmlOffThread, verifyEdxmlOffThread,
} from './edxml';
export type { EdxmlDocument, EdxmlOrgan, EdxmlStatus, EdxmlStatusCode } from './edxml';
