import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Max, Min, ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const URGENCY_VALUES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export const CONFIDENTIALITY_VALUES = ['normal', 'restricted', 'secret', 'top_secret', 'absolute_secret'] as const;
export const OUTGOING_STATUSES = ['draft', 'in_review', 'awaiting_signature', 'signed', 'issued'] as const;
export const AUTHORITY_VALUES = ['direct', 'TM', 'KT', 'TL', 'TUQ', 'Q'] as const;

export class RecipientDto {
  @ApiProperty({ enum: ['department', 'organization', 'external'] })
  @IsIn(['department', 'organization', 'external'])
  type: 'department' | 'organization' | 'external';

  @ApiPropertyOptional({ format: 'uuid', description: 'type = department: phòng nhận trong đơn vị' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'type = organization: cơ quan nhận trong cùng hệ thống' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ description: 'type = external: tên nơi nhận bên ngoài' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ description: 'type = external: mã định danh (nếu có)' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  code?: string;

  @ApiPropertyOptional({ description: 'type = external: mã định danh (QCVN 102) của cơ quan nhận; có mã thì văn bản được gửi qua trục liên thông (edXML)', example: '000.00.00.H29', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  organId?: string;
}

/** Structured content: vanthu composes the whole Decree 30 document from it (instead of an uploaded file). */
export class OutgoingContentDto {
  @ApiPropertyOptional({ type: [String], description: 'Các dòng "Căn cứ …"' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2000, { each: true })
  basis?: string[];

  @ApiProperty({ type: [String], description: 'Các đoạn nội dung' })
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(10000, { each: true })
  paragraphs: string[];

  @ApiPropertyOptional({ type: [String], description: 'Quyết định: nội dung từng Điều (không ghi "Điều n.")' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(10000, { each: true })
  articles?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Dòng "Nơi nhận" thêm cho nơi nhận ngoài hệ thống' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(300, { each: true })
  extraRecipients?: string[];
}

export class CreateOutgoingDocumentDto {
  @ApiProperty({ example: 'THONG_BAO', description: 'Mã loại văn bản (GET /document-types)' })
  @IsString()
  @IsNotEmpty()
  documentType: string;

  @ApiProperty({ example: 'Thông báo lịch tiếp công dân tháng 7/2025' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  summary: string;

  @ApiProperty({ format: 'uuid', description: 'Đơn vị soạn thảo' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Người ký dự kiến' })
  @IsOptional()
  @IsUUID()
  signerId?: string;

  @ApiPropertyOptional({ type: [RecipientDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];

  @ApiPropertyOptional({ enum: URGENCY_VALUES, default: 'normal' })
  @IsOptional()
  @IsIn(URGENCY_VALUES as unknown as string[])
  urgency?: (typeof URGENCY_VALUES)[number];

  @ApiPropertyOptional({ enum: CONFIDENTIALITY_VALUES, default: 'normal' })
  @IsOptional()
  @IsIn(CONFIDENTIALITY_VALUES as unknown as string[])
  confidentiality?: (typeof CONFIDENTIALITY_VALUES)[number];

  @ApiPropertyOptional({ example: '2025-07-10', description: 'Hạn phát hành (ngày địa phương)' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Văn bản đến được trả lời' })
  @IsOptional()
  @IsUUID()
  replyToIncomingId?: string;

  @ApiPropertyOptional({ type: OutgoingContentDto, description: 'Nội dung có cấu trúc: hệ thống trình bày toàn bộ văn bản theo Nghị định 30 (thay cho tệp)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutgoingContentDto)
  content?: OutgoingContentDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'Khi gửi JSON: tệp dự thảo đã tải lên (POST /files)' })
  @IsOptional()
  @IsUUID()
  fileId?: string;
}

export class UpdateOutgoingDocumentDto {
  @ApiPropertyOptional({ type: OutgoingContentDto }) @IsOptional() @ValidateNested() @Type(() => OutgoingContentDto) content?: OutgoingContentDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() documentType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) summary?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) @IsOptional() @IsUUID() signerId?: string;
  @ApiPropertyOptional({ type: [RecipientDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];
  @ApiPropertyOptional({ enum: URGENCY_VALUES }) @IsOptional() @IsIn(URGENCY_VALUES as unknown as string[]) urgency?: (typeof URGENCY_VALUES)[number];
  @ApiPropertyOptional({ enum: CONFIDENTIALITY_VALUES })
  @IsOptional()
  @IsIn(CONFIDENTIALITY_VALUES as unknown as string[])
  confidentiality?: (typeof CONFIDENTIALITY_VALUES)[number];
  @ApiPropertyOptional() @IsOptional() @Matches(DATE) @IsISO8601({ strict: true }) dueDate?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() replyToIncomingId?: string;
}

export class AddDraftFileDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Khi gửi JSON: tệp đã tải lên' }) @IsOptional() @IsUUID() fileId?: string;
}

export class SubmitOutgoingDto {
  @ApiProperty({ format: 'uuid', description: 'Người kiểm tra (thường là lãnh đạo đơn vị soạn thảo hoặc Văn phòng)' })
  @IsUUID()
  reviewerId: string;
}

export class ApproveOutgoingDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ReturnOutgoingDto {
  @ApiProperty({ example: 'Sửa lại phần căn cứ' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class SignOutgoingDto {
  @ApiProperty({ enum: AUTHORITY_VALUES, description: 'Hình thức ký: direct, TM, KT, TL, TUQ, Q' })
  @IsIn(AUTHORITY_VALUES as unknown as string[])
  authority: (typeof AUTHORITY_VALUES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Ký thay theo ủy quyền của người này (TUQ.)' })
  @IsOptional()
  @IsUUID()
  onBehalfOfUserId?: string;
}

export class IssueOutgoingDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Sổ văn bản đi; bỏ trống = sổ mặc định của năm (sổ mật cho văn bản mật)' })
  @IsOptional()
  @IsUUID()
  registerId?: string;
}

export class ListOutgoingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTGOING_STATUSES }) @IsOptional() @IsIn(OUTGOING_STATUSES as unknown as string[]) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() documentType?: string;
  @ApiPropertyOptional({ description: 'Tìm không dấu theo trích yếu, số ký hiệu (và số, tên đơn vị cũ của văn bản nhập từ sổ cũ)' })
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}

export class SourceFileQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'Phiên bản dự thảo (mặc định: phiên bản hiện tại)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) version?: number;
}

export class SignatureBlockDto {
  @ApiProperty({ type: [String], example: ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'] }) lines: string[];
  @ApiProperty({ example: 'Lê Văn Chánh' }) name: string;
}

export class OutgoingRecipientResponseDto {
  @ApiProperty({ enum: ['department', 'organization', 'external'] }) type: string;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Mã định danh của nơi nhận bên ngoài (bằng code)' }) organId?: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'awaiting_exchange'] }) deliveryStatus: string;
  @ApiProperty({ type: String, nullable: true }) incomingDocumentId: string | null;
}

/** The edXML exchange with one external recipient: the last status package received (QCVN 102 status codes). */
export class OutgoingExchangeStatusDto {
  @ApiProperty({ example: '000.00.00.H29' }) organId: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ enum: ['sending', 'sent', 'failed', 'arrived', 'refused', 'accepted', 'assigned', 'processing', 'done', 'recall_requested', 'recalled', 'recall_refused'] })
  status: string;
  @ApiProperty({ type: String, nullable: true, example: '03', description: 'Mã trạng thái edXML (01–06, 13, 15, 16); null khi chưa có phản hồi' })
  statusCode: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() at: string;
  @ApiProperty({ example: '000.14.31.H29,2025/07/07,12/UBND-VP' }) documentId: string;
}

export class OutgoingHistoryResponseDto {
  @ApiProperty() action: string;
  @ApiProperty() actorUserId: string;
  @ApiProperty({ type: String, nullable: true }) onBehalfOfUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) fromStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) data: Record<string, unknown> | null;
  @ApiProperty() createdAt: string;
}

export class OutgoingFileVersionDto {
  @ApiProperty() version: number;
  @ApiProperty() fileId: string;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty() uploadedByUserId: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Tệp Word (.docx) gốc khi phiên bản được tải lên dạng DOCX (fileId là bản PDF chuyển đổi)' })
  sourceFileId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'du-thao-thong-bao.docx' }) sourceFileName?: string | null;
}

export class OutgoingDocumentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() documentType: string;
  @ApiProperty() summary: string;
  @ApiProperty() departmentId: string;
  @ApiProperty() createdByUserId: string;
  @ApiProperty({ type: String, nullable: true }) reviewerId: string | null;
  @ApiProperty({ type: String, nullable: true }) signerId: string | null;
  @ApiProperty({ enum: OUTGOING_STATUSES }) status: string;
  @ApiProperty({ enum: URGENCY_VALUES }) urgency: string;
  @ApiProperty({ enum: CONFIDENTIALITY_VALUES }) confidentiality: string;
  @ApiProperty({ type: String, nullable: true }) dueDate: string | null;
  @ApiProperty({ type: String, nullable: true }) replyToIncomingId: string | null;
  @ApiPropertyOptional({ type: OutgoingContentDto, nullable: true, description: 'Nội dung có cấu trúc (văn bản do hệ thống trình bày)' }) content?: OutgoingContentDto | null;
  @ApiPropertyOptional({ description: 'Sau khi ký: lưu ý về khối chữ ký sẽ in (ví dụ cấp phó ký TM.)' }) notice?: string;
  @ApiProperty({ type: [OutgoingRecipientResponseDto] }) recipients: OutgoingRecipientResponseDto[];
  @ApiPropertyOptional({ type: [OutgoingExchangeStatusDto], description: 'Trạng thái gửi nhận liên thông (edXML) theo từng nơi nhận bên ngoài' })
  exchange?: OutgoingExchangeStatusDto[];
  @ApiProperty({ type: String, nullable: true }) draftFileId: string | null;
  @ApiProperty() draftVersion: number;
  @ApiProperty({ type: String, nullable: true }) returnReason: string | null;
  @ApiProperty({ type: String, nullable: true, enum: AUTHORITY_VALUES }) authority: string | null;
  @ApiProperty({ nullable: true, type: SignatureBlockDto }) signatureBlock: SignatureBlockDto | null;
  @ApiProperty({ type: String, nullable: true }) signedByUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) onBehalfOfUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) signedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) registerId: string | null;
  @ApiProperty({ type: Number, nullable: true }) number: number | null;
  @ApiProperty({ type: String, nullable: true, example: '05/TB-UBND' }) symbol: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedDate: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) fileId: string | null;
  @ApiProperty({ type: String, nullable: true }) fileSha256: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ description: 'Văn bản nhập từ sổ của đơn vị cũ (trước sắp xếp), giữ nguyên số cũ; chỉ để tra cứu' }) legacy: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Văn bản đi số 125 — Phường Thanh Trì (cũ) năm 2024' }) legacyLabel: string | null;
  @ApiPropertyOptional({ type: [OutgoingFileVersionDto] }) versions?: OutgoingFileVersionDto[];
  @ApiPropertyOptional({ type: [OutgoingHistoryResponseDto] }) history?: OutgoingHistoryResponseDto[];
}

export class OutgoingDraftFormDto extends CreateOutgoingDocumentDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Tệp dự thảo: PDF, hoặc Word .docx (chuyển sang PDF; giữ nguyên tệp gốc)' }) file: unknown;
}
