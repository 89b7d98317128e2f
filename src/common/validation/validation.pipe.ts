import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorDetail } from '../errors/domain-error';

/** Vietnamese wording for each class-validator constraint; unknown constraints fall back to a generic sentence. */
const MESSAGES: Record<string, (field: string, c: string) => string> = {
  whitelistValidation: (f) => `Trường "${f}" không được phép gửi lên.`,
  isDefined: (f) => `Trường "${f}" là bắt buộc.`,
  isNotEmpty: (f) => `Trường "${f}" không được để trống.`,
  isString: (f) => `Trường "${f}" phải là chuỗi ký tự.`,
  isBoolean: (f) => `Trường "${f}" phải là true hoặc false.`,
  isInt: (f) => `Trường "${f}" phải là số nguyên.`,
  min: (f) => `Trường "${f}" nhỏ hơn giá trị cho phép.`,
  max: (f) => `Trường "${f}" lớn hơn giá trị cho phép.`,
  isUuid: (f) => `Trường "${f}" phải là mã định danh UUID.`,
  isIn: (f, c) => `Trường "${f}" có giá trị không hợp lệ. ${c}`,
  isEnum: (f, c) => `Trường "${f}" có giá trị không hợp lệ. ${c}`,
  maxLength: (f) => `Trường "${f}" dài quá mức cho phép.`,
  minLength: (f) => `Trường "${f}" ngắn hơn mức tối thiểu.`,
  isArray: (f) => `Trường "${f}" phải là danh sách.`,
  arrayMinSize: (f) => `Danh sách "${f}" cần ít nhất một phần tử.`,
  arrayMaxSize: (f) => `Danh sách "${f}" có quá nhiều phần tử.`,
  isIsoDate: (f) => `Trường "${f}" phải là ngày dạng YYYY-MM-DD.`,
  isDateString: (f) => `Trường "${f}" phải là ngày dạng YYYY-MM-DD.`,
  matches: (f) => `Trường "${f}" không đúng định dạng.`,
  isObject: (f) => `Trường "${f}" phải là một đối tượng.`,
  nestedValidation: (f) => `Trường "${f}" không hợp lệ.`,
  isTimeZone: (f) => `Trường "${f}" phải là múi giờ IANA, ví dụ Asia/Ho_Chi_Minh.`,
};

function describe(field: string, constraint: string, original: string): string {
  const make = MESSAGES[constraint];
  if (!make) return `Trường "${field}" không hợp lệ.`;
  // Allowed values from @IsIn are appended so the user knows what to send.
  const allowed = /: (.+)$/.exec(original)?.[1];
  return make(field, allowed && (constraint === 'isIn' || constraint === 'isEnum') ? `Giá trị cho phép: ${allowed}.` : '').trim();
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [constraint, original] of Object.entries(e.constraints ?? {})) {
      out.push({ field, message: describe(field, constraint, original) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ, vui lòng kiểm tra các trường được nêu.', flattenValidationErrors(errors)),
  });
}
