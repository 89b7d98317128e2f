import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** One problem with the input: usually the field it concerns and what to fix, in Vietnamese. */
@ApiSchema({ name: 'ErrorDetail' })
export class ErrorDetailDto {
  @ApiPropertyOptional({ description: 'Trường bị lỗi (tên trong body/query)', example: 'arrivalDate' }) field?: string;
  @ApiPropertyOptional({ description: 'Cần sửa gì, bằng tiếng Việt', example: 'Trường "arrivalDate" không đúng định dạng.' }) message?: string;
}

@ApiSchema({ name: 'ErrorBody' })
export class ErrorBodyDto {
  @ApiProperty({ description: 'Mã lỗi ổn định (VALIDATION_FAILED, NOT_FOUND, FORBIDDEN, INVALID_STATE, …)', example: 'NOT_FOUND' }) code: string;
  @ApiProperty({ description: 'Thông báo tiếng Việt cho người dùng', example: 'Văn bản không tồn tại hoặc bạn không có quyền xem.' }) message: string;
  @ApiProperty({ type: [ErrorDetailDto], description: 'Chi tiết từng vấn đề (có thể rỗng)' }) details: ErrorDetailDto[];
  @ApiProperty({ description: 'Mã yêu cầu, để tra nhật ký', example: '3f2a9c1e-6a53-4a8e-9d1b-7e1c2b0a9f10' }) requestId: string;
}

/** The body of every 4xx/5xx answer: { error: { code, message, details, requestId } }. */
@ApiSchema({ name: 'ErrorResponse' })
export class ErrorResponseDto {
  @ApiProperty({ type: ErrorBodyDto }) error: ErrorBodyDto;
}
