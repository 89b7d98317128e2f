import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

/** What each error status means on this API (the body is always ErrorResponse). */
export const ERROR_STATUS_DESCRIPTIONS = {
  400: 'Dữ liệu gửi lên không hợp lệ (VALIDATION_FAILED; details nêu từng trường)',
  401: 'Chưa đăng nhập hoặc phiên đã hết hạn (UNAUTHENTICATED, INVALID_CREDENTIALS, TOKEN_REUSED)',
  403: 'Không có quyền thực hiện (FORBIDDEN, SIGNING_NOT_ALLOWED)',
  404: 'Không tồn tại, hoặc thuộc đơn vị khác (NOT_FOUND)',
  409: 'Trạng thái hiện tại không cho phép, hoặc trùng (INVALID_STATE, CONFLICT, ALREADY_EXISTS, INCOMING_DUPLICATE, …)',
  413: 'Tệp quá lớn (FILE_TOO_LARGE)',
  415: 'Định dạng không được hỗ trợ (UNSUPPORTED_FILE_TYPE)',
  422: 'Trái quy tắc nghiệp vụ (BUSINESS_RULE, FILE_UNREADABLE, IDEMPOTENCY_KEY_REUSED, …)',
  423: 'Tài khoản đang bị khóa tạm thời (ACCOUNT_LOCKED)',
  429: 'Thao tác quá nhanh, thử lại sau (RATE_LIMITED)',
  503: 'Hệ thống đang bận, thử lại sau (SERVICE_UNAVAILABLE)',
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUS_DESCRIPTIONS;

/**
 * Error answers a route (or every route of a controller, on the class) can give, each with the shared ErrorResponse
 * body. 400/404 are added from the route's inputs and 401/403 from its access decorator, so list only the others.
 */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_STATUS_DESCRIPTIONS[status], type: ErrorResponseDto })),
  );
}

const pageTypes = new Map<Type<unknown>, Type<unknown>>();

/** The paged list schema for one item type: { items: Item[], total, page, pageSize }, named "<Item>Page". */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; total: number; page: number; pageSize: number }> {
  const known = pageTypes.get(item);
  if (known) return known as Type<{ items: T[]; total: number; page: number; pageSize: number }>;
  class Page {
    items: T[];
    total: number;
    page: number;
    pageSize: number;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/(Response)?Dto$/, '')}Page` });
  ApiProperty({ type: [item] })(Page.prototype, 'items');
  ApiProperty({ type: Number, description: 'Tổng số bản ghi khớp bộ lọc' })(Page.prototype, 'total');
  ApiProperty({ type: Number, minimum: 1 })(Page.prototype, 'page');
  ApiProperty({ type: Number, minimum: 1 })(Page.prototype, 'pageSize');
  pageTypes.set(item, Page);
  return Page;
}

/** 200 with one page of `item`s. */
export const ApiPagedResponse = (item: Type<unknown>, description?: string) =>
  ApiOkResponse({ type: PageOf(item), description });

/** 200 with a file body (default a PDF), typed as binary. */
export const ApiFileResponse = (contentType = 'application/pdf', description = 'Nội dung tệp') =>
  ApiOkResponse({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });

/** Marks a route that needs no sign-in; the document gives it `security: []` (see finishOpenApiDocument). */
export const PUBLIC_OPERATION_EXTENSION = 'x-vanthu-public';
export const ApiPublic = () => ApiExtension(PUBLIC_OPERATION_EXTENSION, true);

