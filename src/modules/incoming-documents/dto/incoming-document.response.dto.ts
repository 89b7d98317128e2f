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
  @ApiPropertyOptional({ nullable: true }) departmentId: string | null;
  @ApiPropertyOptional({ nullable: true }) userId: string | null;
  @ApiPropertyOptional({ enum: ['clerks', 'head'], nullable: true, description: 'Dòng của phòng: văn thư phòng nhận, hoặc trưởng phòng khi phòng chưa có văn thư' })
  handledBy: string | null;
  @ApiProperty({ enum: ['pending', 'in_progress', 'completed', 'returned'] }) status: string;
  @ApiPropertyOptional({ nullable: true }) deadline: string | null;
  @ApiPropertyOptional({ nullable: true }) parentLineId: string | null;
  @ApiPropertyOptional({ nullable: true }) instruction: string | null;
  @ApiProperty() assignedByUserId: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true }) receivedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) completedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) result: string | null;
  @ApiPropertyOptional({ nullable: true }) replyDocumentId: string | null;
  @ApiPropertyOptional({ nullable: true }) returnReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Họ tên người giữ dòng (dòng giao cho một người)' }) userName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userPosition: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Họ tên người chỉ đạo/giao dòng này' }) assignedByName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assignedByPosition: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) departmentName: string | null;
}

export class IncomingHistoryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'registered' }) action: string;
  @ApiPropertyOptional({ nullable: true }) lineId: string | null;
  @ApiPropertyOptional({ nullable: true }) actorUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) onBehalfOfUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiProperty({ type: Object }) data: Record<string, unknown>;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Họ tên người thực hiện' }) actorName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Chức vụ người thực hiện' }) actorPosition: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) onBehalfOfName: string | null;
}

export class IncomingDocumentResponseDto {
  @ApiProperty() id: string;
  @ApiPropertyOptional({ nullable: true, description: 'Số đến' }) arrivalNumber: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'Ngày đến (YYYY-MM-DD)' }) arrivalDate: string | null;
  @ApiPropertyOptional({ nullable: true }) arrivalYear: number | null;
  @ApiPropertyOptional({ nullable: true }) registerId: string | null;
  @ApiProperty({ enum: INCOMING_STATUSES }) status: string;
  @ApiProperty({ enum: ['paper', 'electronic', 'email', 'internal'] }) channel: string;
  @ApiProperty() issuerName: string;
  @ApiPropertyOptional({ nullable: true }) issuerCode: string | null;
  @ApiProperty() symbol: string;
  @ApiProperty() documentType: string;
  @ApiProperty() documentDate: string;
  @ApiProperty() summary: string;
  @ApiPropertyOptional({ nullable: true }) signerName: string | null;
  @ApiPropertyOptional({ nullable: true }) signerPosition: string | null;
  @ApiProperty({ enum: URGENCY_LEVELS }) urgency: string;
  @ApiProperty() confidentiality: string;
  @ApiPropertyOptional({ nullable: true }) pageCount: number | null;
  @ApiPropertyOptional({ nullable: true }) dueDate: string | null;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiPropertyOptional({ nullable: true }) fileId: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Phòng giữ sổ (null = sổ cơ quan)' }) departmentId: string | null;
  @ApiPropertyOptional({ nullable: true }) registeredByUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) submittedToUserId: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Nội dung ô "Chuyển:" của dấu ĐẾN' }) direction: string | null;
  @ApiProperty() allowDuplicate: boolean;
  @ApiProperty() overdue: boolean;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true }) completedAt: string | null;
  @ApiPropertyOptional({ type: [IncomingLineResponseDto] }) lines?: IncomingLineResponseDto[];
  @ApiPropertyOptional({ type: [IncomingHistoryResponseDto] }) history?: IncomingHistoryResponseDto[];
}

export class IncomingDocumentPageDto {
  @ApiProperty({ type: [IncomingDocumentResponseDto] }) items: IncomingDocumentResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
