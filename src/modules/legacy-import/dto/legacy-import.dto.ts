import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IMPORT_KINDS } from '../legacy-fields';

/** The fields of POST /imports (form fields or the `data` JSON part, beside the files). */
export class CreateImportDto {
  @ApiProperty({ enum: IMPORT_KINDS, description: 'Sổ đăng ký văn bản đến hay văn bản đi của đơn vị cũ' })
  @IsIn(IMPORT_KINDS)
  kind: 'incoming_register' | 'outgoing_register';

  @ApiProperty({ example: 'Phường Thanh Trì', description: 'Tên đơn vị cũ (trước sắp xếp) giữ sổ này' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  sourceUnitName: string;

  @ApiProperty({ example: 2024, description: 'Năm của sổ' })
  @IsInt()
  @Min(2000)
  @Max(2200)
  year: number;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: { type: 'string', nullable: true },
    description: 'Ghép cột thủ công: trường → chữ cái cột ("C") hoặc tên cột; rỗng = bỏ trường. Ghi đè cách nhận diện tự động.',
    example: { arrivalNumber: 'B', issuerName: 'Cơ quan ban hành' },
  })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, string | null>;

  @ApiPropertyOptional({ default: true, description: 'true (mặc định): chỉ kiểm tra; false: kiểm tra rồi nhập luôn nếu không có lỗi' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** The multipart body as documented (the files and the fields above). */
export class CreateImportMultipartDto extends CreateImportDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Sổ cũ: .xlsx hoặc .csv (UTF-8)' }) file: unknown;
  @ApiPropertyOptional({ type: 'string', format: 'binary', description: 'ZIP các bản quét PDF, ghép theo tên tệp' }) scans?: unknown;
}

export class CommitImportDto {
  @ApiPropertyOptional({ default: false, description: 'Bỏ qua các dòng lỗi và nhập các dòng hợp lệ (mặc định: còn dòng lỗi thì không nhập)' })
  @IsOptional()
  @IsBoolean()
  skipInvalid?: boolean;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Số dòng như trong Excel' }) row: number;
  @ApiProperty({ description: 'Tên cột trong tệp (và chữ cái cột)' }) column: string;
  @ApiProperty() message: string;
}

export class ImportColumnDto {
  @ApiProperty({ example: 'C' }) letter: string;
  @ApiProperty({ example: 'Tác giả' }) header: string;
}

export class ImportScansDto {
  @ApiProperty({ description: 'Số bản quét đã ghép được với một dòng' }) matched: number;
  @ApiProperty({ type: [String], description: 'Tệp PDF trong ZIP không ghép được với dòng nào' }) unmatched: string[];
}

export class ImportResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind: string;
  @ApiProperty() sourceUnitName: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Sổ cũ sẽ nhận các văn bản, ví dụ "Sổ văn bản đến — Phường X (cũ)"' }) registerName: string;
  @ApiProperty({ type: String, nullable: true }) registerId: string | null;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ enum: ['previewed', 'committed'] }) status: string;
  @ApiProperty({ description: 'Số dòng dữ liệu đọc được' }) rows: number;
  @ApiProperty({ description: 'Số dòng hợp lệ' }) valid: number;
  @ApiProperty({ description: 'Tổng số lỗi (danh sách errors có thể bị cắt ở 1.000 lỗi đầu)' }) errorCount: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Trường → chữ cái cột' }) mapping: Record<string, string>;
  @ApiProperty({ type: [ImportColumnDto] }) columns: ImportColumnDto[];
  @ApiProperty({ type: [Number], description: 'Các dòng tiêu đề nhận ra (số dòng Excel)' }) headerRows: number[];
  @ApiProperty({ type: [ImportRowErrorDto] }) errors: ImportRowErrorDto[];
  @ApiProperty({ type: ImportScansDto, nullable: true }) scans: ImportScansDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Sau khi nhập: số văn bản đã nhập' }) imported: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Sau khi nhập: số dòng bỏ qua (đã có, hoặc dòng lỗi được bỏ qua)' }) skipped: number | null;
  @ApiProperty({ description: 'Tệp giống hệt đã được nhập trước đây' }) alreadyImported: boolean;
  @ApiProperty() createdAt: string;
}

export class ImportCommitResponseDto {
  @ApiProperty() imported: number;
  @ApiProperty() skipped: number;
  @ApiProperty() registerId: string;
  @ApiProperty() registerName: string;
}
