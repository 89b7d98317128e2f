import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { INCOMING_STATUSES, URGENCY_LEVELS } from '../incoming-document.entity';

export class ListIncomingDocumentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() registerId?: string;
  @ApiPropertyOptional({ enum: INCOMING_STATUSES }) @IsOptional() @IsIn(INCOMING_STATUSES as unknown as string[]) status?: string;
  @ApiPropertyOptional({ description: 'Tìm trong trích yếu, số ký hiệu, cơ quan ban hành; không phân biệt dấu, hoa thường' })
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ description: 'Ngày đến từ (YYYY-MM-DD)' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'Ngày đến đến (YYYY-MM-DD)' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ enum: URGENCY_LEVELS }) @IsOptional() @IsIn(URGENCY_LEVELS as unknown as string[]) urgency?: string;
  @ApiPropertyOptional({ description: 'Chỉ văn bản quá hạn (true) hoặc chưa quá hạn (false)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class IncomingLineResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['lead', 'coordinate', 'inform'] }) role: string;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
  @ApiProperty({ type: String, nullable: true }) userId: string | null;
  @ApiProperty({ enum: ['clerks', 'head'], nullable: true, description: 'Dòng của phòng: văn thư phòng nhận, hoặc trưởng phòng khi phòng chưa có văn thư' })
  handledBy: string | null;
  @ApiProperty({ enum: ['pending', 'in_progress', 'completed', 'returned'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) deadline: string | null;
  @ApiProperty({ type: String, nullable: true }) parentLineId: string | null;
  @ApiProperty({ type: String, nullable: true }) instruction: string | null;
  @ApiProperty() assignedByUserId: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) receivedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) result: string | null;
  @ApiProperty({ type: String, nullable: true }) replyDocumentId: string | null;
  @ApiProperty({ type: String, nullable: true }) returnReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Họ tên người giữ dòng (dòng giao cho một người)' }) userName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userPosition: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Họ tên người chỉ đạo/giao dòng này' }) assignedByName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assignedByPosition: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) departmentName: string | null;
}

export class IncomingHistoryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'registered' }) action: string;
  @ApiProperty({ type: String, nullable: true }) lineId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) onBehalfOfUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Họ tên người thực hiện' }) actorName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Chức vụ người thực hiện' }) actorPosition: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) onBehalfOfName: string | null;
}

export class IncomingDocumentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Số đến' }) arrivalNumber: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Ngày đến (YYYY-MM-DD)' }) arrivalDate: string | null;
  @ApiProperty({ type: Number, nullable: true }) arrivalYear: number | null;
  @ApiProperty({ type: String, nullable: true }) registerId: string | null;
  @ApiProperty({ enum: INCOMING_STATUSES }) status: string;
  @ApiProperty({ enum: ['paper', 'electronic', 'email', 'internal'] }) channel: string;
  @ApiProperty() issuerName: string;
  @ApiProperty({ type: String, nullable: true }) issuerCode: string | null;
  @ApiProperty() symbol: string;
  @ApiProperty() documentType: string;
  @ApiProperty() documentDate: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: String, nullable: true }) signerName: string | null;
  @ApiProperty({ type: String, nullable: true }) signerPosition: string | null;
  @ApiProperty({ enum: URGENCY_LEVELS }) urgency: string;
  @ApiProperty() confidentiality: string;
  @ApiProperty({ type: Number, nullable: true }) pageCount: number | null;
  @ApiProperty({ type: String, nullable: true }) dueDate: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) fileId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Phòng giữ sổ (null = sổ cơ quan)' }) departmentId: string | null;
  @ApiProperty({ type: String, nullable: true }) registeredByUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedToUserId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Nội dung ô "Chuyển:" của dấu ĐẾN' }) direction: string | null;
  @ApiProperty() allowDuplicate: boolean;
  @ApiProperty() overdue: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ description: 'Văn bản nhập từ sổ của đơn vị cũ (trước sắp xếp), giữ nguyên số đến cũ; chỉ để tra cứu' }) legacy: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Số đến 1532 — Phường Thanh Trì (cũ) năm 2024' }) legacyLabel: string | null;
  @ApiPropertyOptional({ type: [IncomingLineResponseDto] }) lines?: IncomingLineResponseDto[];
  @ApiPropertyOptional({ type: [IncomingHistoryResponseDto] }) history?: IncomingHistoryResponseDto[];
}

export class IncomingDocumentPageDto {
  @ApiProperty({ type: [IncomingDocumentResponseDto] }) items: IncomingDocumentResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
