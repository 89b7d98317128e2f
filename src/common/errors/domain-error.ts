import { ErrorCode, httpStatusFor } from './error-codes';

export interface ErrorDetail {
  field?: string;
  message?: string;
  [key: string]: unknown;
}

/** The only error services throw. `message` is Vietnamese and tells the user what to fix. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return httpStatusFor(this.code);
  }
}

export const notFound = (what = 'Bản ghi') =>
  new DomainError('NOT_FOUND', `${what} không tồn tại hoặc bạn không có quyền xem.`);

export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này.') => new DomainError('FORBIDDEN', message);

export const invalidState = (message: string, details: ErrorDetail[] = []) =>
  new DomainError('INVALID_STATE', message, details);

export const businessRule = (message: string, details: ErrorDetail[] = []) =>
  new DomainError('BUSINESS_RULE', message, details);

export const validationFailed = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ.', [{ field, message }]);
