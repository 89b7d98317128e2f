import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError } from '../errors/domain-error';

/** The metadata key @ApiConsumes() writes (from @nestjs/swagger); a handler that declares multipart reads its own body. */
const API_CONSUMES = 'swagger/apiConsumes';
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Only JSON on JSON routes: a body of another type (text/plain, form-urlencoded, multipart, XML…) sent to a route that
 * does not declare `@ApiConsumes('multipart/form-data')` is refused with 415 before validation runs, instead of being
 * ignored and validated as an empty object.
 */
@Injectable()
export class MediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (hasBody(req) && !JSON_TYPE.test(req.headers['content-type'] ?? '')) {
      const consumes = this.reflector.getAllAndOverride<string[] | undefined>(API_CONSUMES, [context.getHandler(), context.getClass()]);
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      // Multipart routes stream their own body; a route declaring another type (the axis's application/xml) reads its own.
      if (!consumes?.some((t) => t.startsWith('multipart/') || (t !== 'application/json' && type.startsWith(t)))) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Nội dung gửi lên phải là JSON (Content-Type: application/json).', [
          { field: 'Content-Type', message: `Không nhận kiểu "${String(req.headers['content-type'] ?? '(trống)').slice(0, 100)}".` },
        ]);
      }
    }
    return next.handle();
  }
}
