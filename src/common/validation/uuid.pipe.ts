import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/** ParseUUIDPipe with the API's error shape and a Vietnamese message. */
export const UuidPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('VALIDATION_FAILED', 'Đường dẫn chứa mã định danh không hợp lệ.', [{ field: 'id', message: 'Mã định danh phải là UUID.' }]),
});
