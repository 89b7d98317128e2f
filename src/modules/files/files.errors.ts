import { DomainError } from '../../common/errors/domain-error';

const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

export const fileTooLarge = (maxBytes: number) =>
  new DomainError('FILE_TOO_LARGE', `Tệp vượt quá dung lượng cho phép (${mb(maxBytes)}). Hãy nén hoặc tách tệp rồi gửi lại.`, [
    { field: 'file', maxBytes },
  ]);

export const notMultipart = () =>
  new DomainError('UNSUPPORTED_FILE_TYPE', 'Hãy gửi tệp bằng multipart/form-data, tệp PDF đặt trong trường "file".');

/** 415: the content is not a PDF at all (checked by its first bytes, never by the name). */
export const notPdf = () =>
  new DomainError('UNSUPPORTED_FILE_TYPE', 'Tệp không phải PDF. Chỉ nhận văn bản dạng PDF; hãy quét hoặc xuất văn bản ra PDF rồi gửi lại.', [
    { field: 'file', message: 'Nội dung tệp không phải PDF.' },
  ]);

/** 422: it starts like a PDF but cannot be read (truncated, damaged, no pages) or is password-protected. */
export const pdfUnreadable = (reason: 'damaged' | 'encrypted') =>
  new DomainError(
    'FILE_UNREADABLE',
    reason === 'encrypted'
      ? 'Tệp PDF đang được đặt mật khẩu hoặc mã hóa. Hãy gỡ mật khẩu (hoặc in lại ra PDF) rồi gửi lại.'
      : 'Tệp PDF bị hỏng hoặc tải lên chưa hết nên không đọc được. Hãy kiểm tra tệp gốc và gửi lại.',
    [{ field: 'file', reason }],
  );

export const uploadInvalid = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', 'Dữ liệu tải lên không hợp lệ, vui lòng kiểm tra các trường được nêu.', [{ field, message }]);

/** A stored blob no longer matches its SHA-256 (or is gone): never serve it; an administrator restores it from backup. */
export const fileIntegrityFailed = (fileId?: string) =>
  new DomainError(
    'FILE_INTEGRITY_FAILED',
    'Tệp lưu trữ bị hỏng hoặc bị thay đổi nên hệ thống không trả về. Vui lòng báo quản trị viên để khôi phục từ bản sao lưu.',
    fileId ? [{ fileId }] : [],
  );

/** 422: the PDF would take more memory or time to read than any real document (a "zip bomb", a pathological file). */
export const pdfTooComplex = () =>
  new DomainError(
    'PDF_TOO_COMPLEX',
    'Tệp PDF quá phức tạp hoặc chứa dữ liệu nén bất thường nên hệ thống không xử lý. Hãy in lại văn bản ra PDF (Print to PDF) rồi gửi lại.',
    [{ field: 'file', reason: 'too_complex' }],
  );
