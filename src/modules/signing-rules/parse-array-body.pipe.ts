import { Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error';
import { flattenValidationErrors } from '../../common/validation/validation.pipe';
import { ReplaceSigningRulesDto } from './dto/signing-rule.dto';

/** API.md sends PUT /signing-rules as a bare array; the global pipe validates objects, so the array is wrapped here. */
@Injectable()
export class ParseArrayBodyPipe implements PipeTransform {
  async transform(value: unknown): Promise<ReplaceSigningRulesDto> {
    const wrapped = Array.isArray(value) ? { rules: value } : value;
    // null, a string or a number is neither form: class-validator cannot even start on it.
    if (wrapped === null || typeof wrapped !== 'object') {
      throw new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên phải là danh sách quy tắc ký (mảng) hoặc { rules: [...] }.', [{ field: 'rules' }]);
    }
    const dto = plainToInstance(ReplaceSigningRulesDto, wrapped);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      throw new DomainError('VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ, vui lòng kiểm tra các trường được nêu.', flattenValidationErrors(errors));
    }
    return dto;
  }
}
