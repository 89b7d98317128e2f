/**
 * Every error code the API can return. The HTTP status for each is decided in one exhaustive switch
 * (httpStatusFor), so adding a code without a status is a compile error.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'TOKEN_REUSED'
  | 'MFA_CODE_INVALID'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'MFA_ENROLLMENT_REQUIRED'
  | 'FORBIDDEN'
  | 'SIGNING_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'INVALID_STATE'
  | 'CONFLICT'
  | 'ALREADY_EXISTS'
  | 'INCOMING_DUPLICATE'
  | 'OUTGOING_ISSUED_IMMUTABLE'
  | 'DRAFT_LAYOUT_UNFIT'
  | 'FILE_TOO_LARGE'
  | 'UNSUPPORTED_FILE_TYPE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'PDF_TOO_COMPLEX'
  | 'BUSINESS_RULE'
  | 'CONFIDENTIAL_CONTENT_REFUSED'
  | 'DEPARTMENT_HAS_NO_CLERK'
  | 'FILE_UNREADABLE'
  | 'FILE_INTEGRITY_FAILED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ACCOUNT_LOCKED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
    case 'TOKEN_REUSED':
    case 'MFA_CODE_INVALID':
      return 401;
    case 'FORBIDDEN':
    case 'SIGNING_NOT_ALLOWED':
    case 'PASSWORD_CHANGE_REQUIRED':
    case 'MFA_ENROLLMENT_REQUIRED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'INVALID_STATE':
    case 'CONFLICT':
    case 'ALREADY_EXISTS':
    case 'INCOMING_DUPLICATE':
    case 'OUTGOING_ISSUED_IMMUTABLE':
      return 409;
    case 'FILE_TOO_LARGE':
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_FILE_TYPE':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'BUSINESS_RULE':
    case 'CONFIDENTIAL_CONTENT_REFUSED':
    case 'DEPARTMENT_HAS_NO_CLERK':
    case 'FILE_UNREADABLE':
    case 'PDF_TOO_COMPLEX':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'DRAFT_LAYOUT_UNFIT':
      return 422;
    case 'ACCOUNT_LOCKED':
      return 423;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL_ERROR':
    // A stored blob no longer matches its SHA-256: a server-side fault, never the client's; retrying will not help.
    case 'FILE_INTEGRITY_FAILED':
      return 500;
  }
}
