import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode } from './error-codes';
import { DomainError } from './domain-error';

const HTTP_FALLBACK: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'VALIDATION_FAILED', message: 'Yêu cầu không hợp lệ.' },
  401: { code: 'UNAUTHENTICATED', message: 'Bạn cần đăng nhập lại.' },
  403: { code: 'FORBIDDEN', message: 'Bạn không có quyền thực hiện thao tác này.' },
  404: { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ hoặc bản ghi được yêu cầu.' },
  413: { code: 'FILE_TOO_LARGE', message: 'Dữ liệu gửi lên vượt quá dung lượng cho phép.' },
  415: { code: 'UNSUPPORTED_FILE_TYPE', message: 'Định dạng dữ liệu không được hỗ trợ.' },
  429: { code: 'RATE_LIMITED', message: 'Bạn thao tác quá nhanh, vui lòng thử lại sau.' },
};

/**
 * One error shape for every route: { error: { code, message, details, requestId } }.
 * Unknown errors are 500 with only the requestId; the stack goes to the log, never to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const requestId = String(req.id ?? '');
    const { status, body, headers } = this.toBody(exception, requestId);
    if (status >= 500) this.logger.error({ err: exception, requestId }, 'Unhandled error');
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(status).json(body);
  }

  private toBody(exception: unknown, requestId: string) {
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        headers: exception.headers,
        body: { error: { code: exception.code, message: exception.message, details: exception.details, requestId } },
      };
    }
    const status = exception instanceof HttpException ? exception.getStatus() : bodyParserStatus(exception);
    const known = status ? HTTP_FALLBACK[status] : undefined;
    if (status && known) {
      return { status, headers: {}, body: { error: { code: known.code, message: known.message, details: [], requestId } } };
    }
    return {
      status: 500,
      headers: {},
      body: { error: { code: 'INTERNAL_ERROR', message: 'Hệ thống gặp lỗi, vui lòng thử lại hoặc báo quản trị viên.', details: [], requestId } },
    };
  }
}

/** body-parser errors (malformed JSON, body too large) carry a numeric status but are not HttpExceptions. */
function bodyParserStatus(e: unknown): number | undefined {
  const s = (e as { status?: unknown; type?: unknown })?.status;
  if (typeof s === 'number' && s >= 400 && s < 500 && typeof (e as { type?: unknown }).type === 'string') return s;
  return undefined;
}
