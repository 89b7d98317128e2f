import { api, call } from '../../api/client';
import type { OutgoingDocument, Verification } from '../../api/types';

const p = (id: string) => ({ params: { path: { id } } });

/** Outgoing-document actions (API.md "Outgoing documents"), one small typed function each. */
export const outgoingApi = {
  get: async (id: string) => (await call(api.GET('/api/v1/outgoing-documents/{id}', p(id)))) as unknown as OutgoingDocument,
  submit: (id: string, reviewerId: string) => call(api.POST('/api/v1/outgoing-documents/{id}/submit', { ...p(id), body: { reviewerId } })),
  approve: (id: string, note?: string) => call(api.POST('/api/v1/outgoing-documents/{id}/approve', { ...p(id), body: { note } })),
  returnDraft: (id: string, reason: string) => call(api.POST('/api/v1/outgoing-documents/{id}/return', { ...p(id), body: { reason } })),
  sign: (id: string, authority: string, onBehalfOfUserId?: string) =>
    call(api.POST('/api/v1/outgoing-documents/{id}/sign', { ...p(id), body: { authority: authority as never, onBehalfOfUserId } })),
  issue: (id: string) => call(api.POST('/api/v1/outgoing-documents/{id}/issue', { ...p(id), body: {}, headers: { 'Idempotency-Key': crypto.randomUUID() } as never })),
  verify: async (id: string) => (await call(api.GET('/api/v1/outgoing-documents/{id}/verify', p(id)))) as unknown as Verification,
};
