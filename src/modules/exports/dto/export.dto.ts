import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { EXPORT_FORMATS, EXPORT_KINDS, EXPORT_STATUSES, type ExportFormat, type ExportKind, type ExportStatus } from '../export.types';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_KINDS, description: 'Sổ đăng ký văn bản đến / đi, sổ theo dõi giải quyết văn bản đến, hoặc thống kê theo phòng' })
  @IsIn(EXPORT_KINDS, { message: `kind phải là một trong: ${EXPORT_KINDS.join(', ')}` })
  kind: ExportKind;

  @ApiProperty({ enum: EXPORT_FORMATS, description: 'pdf = sổ in (khổ ngang); xlsx = bảng tính Excel' })
  @IsIn(EXPORT_FORMATS, { message: 'format phải là pdf hoặc xlsx' })
  format: ExportFormat;

  @ApiPropertyOptional({ format: 'uuid', description: 'Một sổ cụ thể (bỏ trống = sổ của cơ quan, hoặc của phòng departmentId)' })
  @IsOptional()
  @IsUUID('all', { message: 'registerId phải là UUID' })
  registerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ một phòng' })
  @IsOptional()
  @IsUUID('all', { message: 'departmentId phải là UUID' })
  departmentId?: string;

  @ApiProperty({ example: '2025-01-01', description: 'Từ ngày (YYYY-MM-DD, theo giờ của đơn vị)' })
  @Matches(DATE, { message: 'from phải là ngày dạng YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2025-12-31', description: 'Đến ngày, tính cả ngày này' })
  @Matches(DATE, { message: 'to phải là ngày dạng YYYY-MM-DD' })
  to: string;
}

export class ExportQueuedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class ExportResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EXPORT_KINDS }) kind: ExportKind;
  @ApiProperty({ enum: EXPORT_FORMATS }) format: ExportFormat;
  @ApiProperty({ enum: EXPORT_STATUSES }) status: ExportStatus;
  @ApiProperty({ type: Number, minimum: 0, maximum: 1, description: 'Tiến độ, từ 0 đến 1' }) progress: number;
  @ApiProperty({ type: Number, description: 'Số dòng đã ghi (sổ) hoặc số phòng (thống kê)' }) rowCount: number;
  @ApiPropertyOptional({ type: String, description: 'Vì sao không xuất được (khi status = failed)' }) error?: string;
  @ApiProperty({ type: String, nullable: true, description: 'Tên tệp khi đã xong' }) fileName: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Sau thời điểm này tệp và bản ghi bị xóa' }) expiresAt: string;
}
