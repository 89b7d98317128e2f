import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The error shape every API route answers with (API.md "Errors"). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Array<Record<string, unknown>>; requestId?: string };
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Array<Record<string, unknown>> = []) {
    super(message);
  }

  /** The Vietnamese messages the API attached to named fields (`details: [{ field, message }]`). */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) if (typeof d.field === 'string' && typeof d.message === 'string') out[d.field] = d.message;
    return out;
  }
}

const ACCESS = 'vanthu.accessToken';
const REFRESH = 'vanthu.refreshToken';

export const tokens = {
  get access() { return localStorage.getItem(ACCESS); },
  get refresh() { return localStorage.getItem(REFRESH); },
  set(pair: { accessToken: string; refreshToken: string }) {
    localStorage.setItem(ACCESS, pair.accessToken);
    localStorage.setItem(REFRESH, pair.refreshToken);
  },
  clear() { localStorage.removeItem(ACCESS); localStorage.removeItem(REFRESH); },
};

export const BASE = '/api/v1';
const ORIGIN = '';
let refreshing: Promise<boolean> | null = null;
let onSignedOut: () => void = () => undefined;
export const setSignedOutHandler = (fn: () => void) => { onSignedOut = fn; };

/** One refresh at a time; the old refresh token stops working once used (API.md "Auth"). */
async function refreshTokens(): Promise<boolean> {
  const refreshToken = tokens.refresh;
  if (!refreshToken) return false;
  refreshing ??= fetch(`${BASE}/auth/refresh`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }),
  }).then(async (r) => {
    if (!r.ok) return false;
    tokens.set(await r.json());
    return true;
  }).catch(() => false).finally(() => { refreshing = null; });
  return refreshing;
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.clone().json().catch(() => null)) as ApiErrorBody | null;
  if (body?.error) return new ApiError(res.status, body.error.code, body.error.message, body.error.details ?? []);
  return new ApiError(res.status, 'HTTP_' + res.status, `Máy chủ trả lỗi ${res.status}. Vui lòng thử lại.`);
}

/** fetch with the bearer token, one silent refresh on 401, and Vietnamese API errors thrown as ApiError. */
export async function authFetch(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
  const headers = new Headers(init.headers);
  if (tokens.access) headers.set('Authorization', `Bearer ${tokens.access}`);
  const res = await fetch(path.startsWith('/api') ? path : `${BASE}${path}`, { ...init, headers });
  if (res.status === 401 && !retried && tokens.refresh) {
    if (await refreshTokens()) return authFetch(path, init, true);
    tokens.clear();
    onSignedOut();
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

const authMiddleware: Middleware = {
  async onRequest({ request }) {
    if (tokens.access) request.headers.set('Authorization', `Bearer ${tokens.access}`);
    return request;
  },
};

/** Typed client over the generated OpenAPI types; use through `call` so errors become ApiError. */
export const api = createClient<paths>({ baseUrl: ORIGIN, fetch: (req: Request) => retryingFetch(req) });
api.use(authMiddleware);

async function retryingFetch(req: Request): Promise<Response> {
  const copy = req.clone();
  const res = await fetch(req);
  if (res.status !== 401 || !tokens.refresh || req.url.endsWith('/auth/login')) return res;
  if (!(await refreshTokens())) { tokens.clear(); onSignedOut(); return res; }
  copy.headers.set('Authorization', `Bearer ${tokens.access}`);
  return fetch(copy);
}

/** Unwraps an openapi-fetch result: data, or an ApiError carrying the API's Vietnamese message. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (error !== undefined || !response.ok) {
    const body = error as ApiErrorBody | undefined;
    if (body?.error) throw new ApiError(response.status, body.error.code, body.error.message, body.error.details ?? []);
    throw new ApiError(response.status, 'HTTP_' + response.status, `Máy chủ trả lỗi ${response.status}. Vui lòng thử lại.`);
  }
  return data as T;
}

/** JSON request for routes not (yet) in the generated schema (API.md sections other helpers are building). */
export async function jsonRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await authFetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A protected file as an object URL (the viewer cannot send the bearer header itself). */
export async function fileObjectUrl(path: string): Promise<string> {
  const res = await authFetch(path);
  return URL.createObjectURL(await res.blob());
}
