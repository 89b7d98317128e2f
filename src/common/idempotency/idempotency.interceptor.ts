import { applyDecorators, CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { from, lastValueFrom, map, Observable } from 'rxjs';
import type { RequestWithActor } from '../auth/auth.guard';
import { requestFingerprint } from './fingerprint';
import { readIdempotencyKey } from './idempotency-key.decorator';
import { IdempotencyService } from './idempotency.service';

export const IDEMPOTENCY_API_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'UUID do máy khách tạo cho thao tác này. Gửi lại cùng khóa với cùng nội dung → nhận lại đúng kết quả lần đầu ' +
    '(header Idempotent-Replayed: true); cùng khóa, nội dung khác → 422 IDEMPOTENCY_KEY_REUSED. Khóa giữ 24 giờ, theo từng người dùng.',
  schema: { type: 'string', format: 'uuid' },
} as const;

/**
 * JSON routes: the fingerprint is method + URL + the parsed JSON body (keys sorted), taken before pipes transform it.
 * Only successful responses are recorded; an error releases the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    const key = readIdempotencyKey(req);
    if (!key || !req.actor) return next.handle();
    const statusCode = this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const fingerprint = requestFingerprint(req.method, req.originalUrl, req.body);
    const run = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    return from(this.idempotency.execute(req.actor, key, fingerprint, run, statusCode)).pipe(
      map((result) => {
        if (result.replayed) ctx.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
        return result.body;
      }),
    );
  }
}

/** Makes a JSON POST route idempotent under the Idempotency-Key header (and documents the header). */
export const Idempotent = () => applyDecorators(UseInterceptors(IdempotencyInterceptor), ApiHeader(IDEMPOTENCY_API_HEADER));
