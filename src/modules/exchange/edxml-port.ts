/**
 * The edXML library (./edxml) as the gateway uses it. Reading, verifying, building and signing packages run off the event loop
 * (worker threads, ./edxml/edxml-offthread.ts): a 40 MB package costs seconds of CPU.
 */
export {
  buildAndSignOffThread, detectMessageKindOffThread, edxmlTimestamp, EdxmlWorkerError, formatDocumentId, parseEdxmlOffThread, parseStatusOffThread,
  verifyEdxmlOffThread,
} from './edxml';
export type { EdxmlDocument, EdxmlOrgan, EdxmlStatus, EdxmlStatusCode } from './edxml';
