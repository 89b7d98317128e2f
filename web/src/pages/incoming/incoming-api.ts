import { api, call, jsonRequest } from '../../api/client';
import type { IncomingDocument } from '../../api/types';

const p = (id: string) => ({ params: { path: { id } } });
const pl = (id: string, lineId: string) => ({ params: { path: { id, lineId } } });

/** Incoming-document actions (API.md "Incoming documents"), one small typed function each. */
export const incomingApi = {
  get: async (id: string) => (await call(api.GET('/api/v1/incoming-documents/{id}', p(id)))) as unknown as IncomingDocument,
  submit: (id: string, body: { leaderId: string; note?: string }) => call(api.POST('/api/v1/incoming-documents/{id}/submit', { ...p(id), body })),
  direct: (id: string, body: { lead: { departmentId: string }; coordinators?: { departmentId: string }[]; informed?: { departmentId: string }[]; deadline?: string; instruction: string }) =>
    call(api.POST('/api/v1/incoming-documents/{id}/direct', { ...p(id), body: body as never })),
  receive: (id: string, lineId: string) => call(api.POST('/api/v1/incoming-documents/{id}/lines/{lineId}/receive', { ...pl(id, lineId), body: {} as never })),
  assign: (id: string, lineId: string, body: { userId: string; deadline?: string; note?: string }) =>
    call(api.POST('/api/v1/incoming-documents/{id}/lines/{lineId}/assign', { ...pl(id, lineId), body: body as never })),
  complete: (id: string, lineId: string, body: { result: string }) => call(api.POST('/api/v1/incoming-documents/{id}/lines/{lineId}/complete', { ...pl(id, lineId), body })),
  returnLine: (id: string, lineId: string, body: { reason: string }) => call(api.POST('/api/v1/incoming-documents/{id}/lines/{lineId}/return', { ...pl(id, lineId), body })),
  /** "Đã xem" on an inform line (API.md "Worklist v2"; being added to the service). */
  acknowledge: (id: string, lineId: string) => jsonRequest('POST', `/incoming-documents/${id}/lines/${lineId}/acknowledge`, {}),
  /** A received (not yet registered) document back to its sender; an electronic one answers status 02 with the reason. */
  returnToSender: (id: string, reason: string) => call(api.POST('/api/v1/incoming-documents/{id}/return', { ...p(id), body: { reason } })),
  /** The sender recalled a registered document: accept (15) or refuse (16). */
  decideRecall: (id: string, accept: boolean, note?: string) => call(api.POST('/api/v1/incoming-documents/{id}/recall-decision', { ...p(id), body: { accept, note } })),
};
