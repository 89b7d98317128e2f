import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ReturnIncomingDocumentDto {
  @ApiProperty({ description: 'Lý do trả lại (gửi kèm trạng thái 02 cho cơ quan gửi)', example: 'Văn bản gửi nhầm nơi nhận' })
  @Transform(trim) @IsString({ message: 'Lý do phải là chuỗi ký tự.' }) @IsNotEmpty({ message: 'Hãy nhập lý do trả lại.' })
  @MaxLength(1000, { message: 'Lý do tối đa 1000 ký tự.' })
  reason: string;
}

export class RecallDecisionDto {
  @ApiProperty({ description: 'true: đồng ý thu hồi (trạng thái 15); false: từ chối thu hồi (16)' })
  @IsBoolean({ message: 'accept phải là true hoặc false.' })
  accept: boolean;

  @ApiPropertyOptional({ description: 'Ghi chú gửi kèm phản hồi' })
  @IsOptional() @Transform(trim) @IsString({ message: 'Ghi chú phải là chuỗi ký tự.' }) @MaxLength(1000, { message: 'Ghi chú tối đa 1000 ký tự.' })
  note?: string;
}

export class RecallOutgoingDto {
  @ApiProperty({ description: 'Lý do thu hồi (BussinessDocReason)', example: 'Văn bản có sai sót, sẽ ban hành văn bản thay thế' })
  @Transform(trim) @IsString({ message: 'Lý do phải là chuỗi ký tự.' }) @IsNotEmpty({ message: 'Hãy nhập lý do thu hồi.' })
  @MaxLength(1000, { message: 'Lý do tối đa 1000 ký tự.' })
  reason: string;
}

export class OutgoingExchangeResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: [String], description: 'Mã định danh các nơi nhận được gửi yêu cầu thu hồi' }) recipients: string[];
}

export class ListAgenciesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Tìm theo mã định danh hoặc tên (không phân biệt dấu)' })
  @IsOptional() @IsString() @MaxLength(200, { message: 'Từ khóa tối đa 200 ký tự.' })
  q?: string;
}

export class AgencyResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '000.00.00.H29' }) organId: string;
  @ApiProperty({ example: 'Ủy ban nhân dân Thành phố Hồ Chí Minh' }) name: string;
  @ApiProperty({ type: String, nullable: true }) parentName: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ description: 'Mã đúng khuôn dạng QCVN 102 (V1V2V3.Z1Z2.Y1Y2.X1X2X3); sai khuôn dạng chỉ là cảnh báo' }) patternOk: boolean;
}

export class AgencyImportErrorDto {
  @ApiProperty() row: number;
  @ApiProperty() message: string;
}

export class AgencyImportResponseDto {
  @ApiProperty() imported: number;
  @ApiProperty() updated: number;
  @ApiProperty({ type: [AgencyImportErrorDto] }) errors: AgencyImportErrorDto[];
  @ApiProperty({ type: [AgencyImportErrorDto], description: 'Mã định danh không đúng khuôn dạng QCVN 102 (vẫn được nhập)' }) warnings: AgencyImportErrorDto[];
}

export class AgencyImportFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV UTF-8, dòng đầu là tiêu đề: organId,name[,parentName,address,email,phone]' })
  file: unknown;
}

export class InboundPackageDto {
  @ApiProperty({ description: 'Mã gói tin của bên gửi (chống trùng)' }) @IsString() @IsNotEmpty() @MaxLength(200) messageId: string;
  @ApiPropertyOptional({ description: 'Mã định danh cơ quan nhận' }) @IsOptional() @IsString() @MaxLength(50) to?: string;
  @ApiProperty({ description: 'Gói tin edXML đã ký' }) @IsString() @IsNotEmpty() @MaxLength(60 * 1024 * 1024) xml: string;
}

export class InboundPackageResponseDto {
  @ApiProperty({ enum: ['taken', 'duplicate', 'refused', 'status', 'recall', 'not_ours', 'unreadable'] }) result: string;
}
