import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DOCUMENT_TYPE_KEYS } from '../../catalogs/document-types';
import { CONFIDENTIALITY_LEVELS, URGENCY_LEVELS } from '../incoming-document.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What a clerk enters when registering an incoming document (Phụ lục VI incoming metadata). Server-owned fields
 * (arrival number and date, status, organization, register year) are not here: unknown fields are refused (400).
 */
export class RegisterIncomingDocumentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Sổ đăng ký; bỏ trống = sổ mặc định của văn thư (cơ quan hoặc phòng) năm nay' })
  @IsOptional() @IsUUID() registerId?: string;

  @ApiProperty({ enum: ['paper', 'electronic', 'email'] })
  @IsIn(['paper', 'electronic', 'email']) channel: 'paper' | 'electronic' | 'email';

  @ApiProperty({ example: 'Sở Nội vụ Thành phố Hồ Chí Minh' })
  @IsString() @IsNotEmpty() @MaxLength(300) issuerName: string;

  @ApiPropertyOptional({ example: '000.00.04.H29', description: 'Mã định danh cơ quan ban hành' })
  @IsOptional() @IsString() @MaxLength(50) issuerCode?: string;

  @ApiProperty({ example: '1234/SNV-CCVC' })
  @IsString() @IsNotEmpty() @MaxLength(60) symbol: string;

  @ApiProperty({ example: 'CONG_VAN', description: 'Khóa loại văn bản (GET /document-types)' })
  @IsIn(DOCUMENT_TYPE_KEYS as string[]) documentType: string;

  @ApiProperty({ example: '2025-07-03', description: 'Ngày tháng văn bản (YYYY-MM-DD)' })
  @Matches(DATE) @IsISO8601({ strict: true }) documentDate: string;

  @ApiProperty({ example: 'V/v rà soát đội ngũ công chức phường sau sắp xếp' })
  @IsString() @IsNotEmpty() @MaxLength(1000) summary: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) signerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) signerPosition?: string;

  @ApiProperty({ enum: URGENCY_LEVELS }) @IsIn(URGENCY_LEVELS as unknown as string[]) urgency: string;

  @ApiProperty({ enum: CONFIDENTIALITY_LEVELS, description: 'secret/top_secret/absolute_secret: chỉ đăng ký thông tin, không kèm tệp' })
  @IsIn(CONFIDENTIALITY_LEVELS as unknown as string[]) confidentiality: string;

  @ApiPropertyOptional({ description: 'Số trang; bỏ trống thì lấy từ tệp PDF' })
  @IsOptional() @IsInt() @Min(0) @Max(100000) pageCount?: number;

  @ApiPropertyOptional({ example: '2025-07-15', description: 'Hạn giải quyết (YYYY-MM-DD)' })
  @IsOptional() @Matches(DATE) @IsISO8601({ strict: true }) dueDate?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;

  @ApiPropertyOptional({ description: 'Vẫn đăng ký dù trùng cơ quan ban hành + số ký hiệu + ngày (được ghi vào lịch sử)' })
  @IsOptional() @IsBoolean() allowDuplicate?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Tệp đã tải lên qua POST /files (chỉ với JSON)' })
  @IsOptional() @IsUUID() fileId?: string;
}

/** Registering a document delivered inside the deployment: an optional register and corrections of the pre-filled fields. */
export class RegisterReceivedDocumentDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() registerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) issuerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(60) symbol?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(1000) summary?: string;
  @ApiPropertyOptional({ enum: URGENCY_LEVELS }) @IsOptional() @IsIn(URGENCY_LEVELS as unknown as string[]) urgency?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100000) pageCount?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE) @IsISO8601({ strict: true }) dueDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}
