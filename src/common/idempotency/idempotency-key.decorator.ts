import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Idempotency-Key header, lower-cased; null when absent; 400 when it is not a UUID. */
export function readIdempotencyKey(req: Request): string | null {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  if (!UUID.test(value.trim())) {
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key phải là một UUID.', [
      { field: 'Idempotency-Key', message: 'Hãy tạo một UUID mới cho mỗi thao tác và gửi lại đúng UUID đó khi thử lại.' },
    ]);
  }
  return value.trim().toLowerCase();
}

/**
 * For handlers that call IdempotencyService.run themselves (multipart routes): validated before the body is read,
 * so a bad key costs no upload.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) => readIdempotencyKey(ctx.switchToHttp().getRequest<Request>()));
