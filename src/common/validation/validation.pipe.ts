import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorDetail } from '../errors/domain-error';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { roleKeyWithName } from '../auth/roles';
import { cleanTree, INVALID_INPUT_MESSAGE, queryNumberProblems } from './text-rules';

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
  // Role keys are shown with their Vietnamese names: "chairman (Chủ tịch)".
  const allowed = /: (.+)$/.exec(original)?.[1]?.split(/,\s*/).map(roleKeyWithName).join(', ');
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

// The metadata of @Type(), not exported from the package root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

/**
 * Where a DTO property is typed as a nested class (@Type(() => X)), the value must be an X, or a list of X: class-validator's
 * @ValidateNested() walks into arrays of arrays (`{"roles":[[[]]]}`) and accepts them, which reached services as a 500.
 */
function nestedShapeProblems(value: unknown, path = '', depth = 0): ErrorDetail[] {
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 8) return [];
  const out: ErrorDetail[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    const type = defaultMetadataStorage.findTypeMetadata(value.constructor, key);
    const Target = type?.typeFunction?.() as unknown;
    if (typeof Target !== 'function' || Target === Number || Target === String || Target === Boolean || Target === Date) continue;
    const field = path ? `${path}.${key}` : key;
    const items = Array.isArray(v) ? v : [v];
    items.forEach((item, i) => {
      const at = Array.isArray(v) ? `${field}.${i}` : field;
      if (!(item instanceof (Target as new () => object))) out.push({ field: at, message: `Trường "${at}" phải là một đối tượng.` });
      else out.push(...nestedShapeProblems(item, at, depth + 1));
    });
  }
  return out;
}

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

/**
 * class-validator's @IsOptional() lets `null` through, which reached NOT NULL columns as a 500. A `null` is accepted
 * only where the DTO property is declared `nullable: true` (the same declaration the OpenAPI document shows).
 */
function nullProblems(body: unknown, metatype: unknown): ErrorDetail[] {
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof metatype !== 'function') return [];
  const proto = (metatype as { prototype: object }).prototype;
  const out: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (value !== null) continue;
    const meta = Reflect.getMetadata(SWAGGER_PROPERTY, proto, key) as { nullable?: boolean } | undefined;
    if (meta && !meta.nullable) out.push({ field: key, message: `Trường "${key}" không được để null; bỏ trường này nếu không muốn thay đổi.` });
  }
  return out;
}

/**
 * The validation layer at the edge. Before class-validator sees a body, query or path parameter, every string in it
 * passes the text rule (text-rules.ts: NFC, no NUL, no lone surrogates, no control characters, length and nesting
 * limits); `null` is refused where a DTO does not declare it; after transformation, numbers in a query stay within
 * PostgreSQL's integer. Every refusal is 400 VALIDATION_FAILED naming the fields, in Vietnamese.
 */
export class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const prefix = metadata.type === 'param' ? (metadata.data ?? '') : '';
    const { value: cleaned, details } = cleanTree(value, prefix);
    if (metadata.type === 'body') details.push(...nullProblems(cleaned, metadata.metatype));
    if (details.length) throw new DomainError('VALIDATION_FAILED', INVALID_INPUT_MESSAGE, details.slice(0, 20));
    const result = await super.transform(cleaned, metadata);
    if (metadata.type === 'query' || metadata.type === 'body') {
      const problems = metadata.type === 'query' ? queryNumberProblems(result) : nestedShapeProblems(result);
      if (problems.length) throw new DomainError('VALIDATION_FAILED', INVALID_INPUT_MESSAGE, problems.slice(0, 20));
    }
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', INVALID_INPUT_MESSAGE, flattenValidationErrors(errors)),
  });
}

const bodyPipe = createValidationPipe();

/**
 * The global pipe's rules for a body the pipe cannot see (multipart form fields after parsing): the same text rule,
 * `null` handling, whitelist and nested shapes, and the same 400.
 */
export async function validateBody<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên phải là một đối tượng JSON.');
  }
  return (await bodyPipe.transform(plain, { type: 'body', metatype: cls })) as T;
}
