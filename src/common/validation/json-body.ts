import type { NextFunction, Request, RequestHandler, Response } from 'express';
import bodyParser from 'body-parser';
import { DomainError } from '../errors/domain-error';

export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Deeper than any DTO of the API; JSON nested thousands of levels overflowed the call stack in JSON.parse / validators. */
export const JSON_MAX_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Nesting depth of a JSON text, read from the raw bytes without parsing (strings are skipped, escapes honoured). */
export function jsonDepthExceeds(buf: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

class JsonTooDeep extends Error {}

const parser = bodyParser.json({
  limit: JSON_BODY_LIMIT_BYTES,
  type: ['application/json', 'application/*+json'],
  verify: (_req, _res, buf) => {
    if (jsonDepthExceeds(buf, JSON_MAX_DEPTH)) throw new JsonTooDeep();
  },
});

/** body-parser's own failures, in the API's error shape and in Vietnamese. */
function translate(e: unknown): DomainError {
  const err = e as { type?: string; status?: number };
  const cause = (e as { cause?: unknown })?.cause ?? e;
  if (e instanceof JsonTooDeep || cause instanceof JsonTooDeep || err.type === 'entity.verify.failed') {
    return new DomainError('VALIDATION_FAILED', `Dữ liệu JSON lồng nhau quá ${JSON_MAX_DEPTH} cấp.`, [{ field: 'body', message: 'JSON lồng nhau quá sâu.' }]);
  }
  if (err.type === 'entity.too.large') {
    return new DomainError('PAYLOAD_TOO_LARGE', `Dữ liệu gửi lên vượt quá ${JSON_BODY_LIMIT_BYTES / 1024 / 1024} MB.`, [{ field: 'body', maxBytes: JSON_BODY_LIMIT_BYTES }]);
  }
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Dữ liệu JSON phải được mã hóa UTF-8.');
  }
  return new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không phải JSON hợp lệ.', [{ field: 'body', message: 'JSON sai cú pháp.' }]);
}

/**
 * The JSON body parser of the API: at most 1 MB, nesting checked on the raw text before JSON.parse runs, every failure a
 * 4xx with a Vietnamese message. Other content types are left unread here; MediaTypeInterceptor refuses them on JSON
 * routes (415) and multipart routes stream their own body.
 */
export const jsonBody: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  parser(req, res, (e?: unknown) => (e ? next(translate(e)) : next()));
};
