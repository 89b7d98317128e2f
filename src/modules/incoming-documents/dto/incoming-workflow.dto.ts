import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SubmitIncomingDocumentDto {
  @ApiProperty({ format: 'uuid', description: 'Lãnh đạo (Chủ tịch/Phó Chủ tịch) cho ý kiến chỉ đạo' })
  @IsUUID() leaderId: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

/** A recipient of a direction: a department or a person (exactly one). */
export class RecipientDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
}

export class DirectIncomingDocumentDto {
  @ApiProperty({ type: RecipientDto, description: 'Đơn vị/người chủ trì' })
  @IsObject() @ValidateNested() @Type(() => RecipientDto) lead: RecipientDto;

  @ApiPropertyOptional({ type: [RecipientDto], description: 'Đơn vị/người phối hợp' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => RecipientDto) coordinators?: RecipientDto[];

  @ApiPropertyOptional({ type: [RecipientDto], description: 'Đơn vị/người nhận để biết' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => RecipientDto) informed?: RecipientDto[];

  @ApiPropertyOptional({ example: '2025-07-20', description: 'Hạn giải quyết (YYYY-MM-DD)' })
  @IsOptional() @Matches(DATE) @IsISO8601({ strict: true }) deadline?: string;

  @ApiProperty({ example: 'Giao Phòng Kinh tế chủ trì tham mưu trả lời.' })
  @IsString() @IsNotEmpty() @MaxLength(2000) instruction: string;
}

export class AssignLineDto {
  @ApiProperty({ format: 'uuid', description: 'Người xử lý, thuộc phòng của dòng xử lý' }) @IsUUID() userId: string;
  @ApiPropertyOptional({ example: '2025-07-18' }) @IsOptional() @Matches(DATE) @IsISO8601({ strict: true }) deadline?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ enum: ['lead', 'coordinate', 'inform'], default: 'lead', description: 'Vai trò của người được giao' })
  @IsOptional() @IsIn(['lead', 'coordinate', 'inform']) role?: 'lead' | 'coordinate' | 'inform';
}

export class CompleteLineDto {
  @ApiProperty({ example: 'Đã tham mưu văn bản trả lời.' }) @IsString() @IsNotEmpty() @MaxLength(4000) result: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Văn bản đi trả lời (nếu có)' }) @IsOptional() @IsUUID() replyDocumentId?: string;
}

export class ReturnLineDto {
  @ApiProperty({ example: 'Không thuộc lĩnh vực của phòng.' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class ReassignLineDto {
  @ApiProperty({ format: 'uuid', description: 'Người xử lý mới, thuộc phòng của dòng xử lý' }) @IsUUID() userId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
