import { DomainError } from '../../common/errors/domain-error';

/** Refusals of an uploaded register file as a whole (row problems are listed in the answer instead). */
export const unsupportedRegisterFile = (message: string) =>
  new DomainError('UNSUPPORTED_FILE_TYPE', message, [{ field: 'file', message }]);

export const unreadableRegisterFile = (message: string, field = 'file') =>
  new DomainError('FILE_UNREADABLE', message, [{ field, message }]);

export const badScans = (message: string) => new DomainError('FILE_UNREADABLE', message, [{ field: 'scans', message }]);

export const importInvalid = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ, vui lòng kiểm tra các trường được nêu.', [{ field, message }]);
