import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';

export class DevCertificateDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Người được cấp chứng thư (bỏ trống khi cấp cho cơ quan)' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'true: cấp chứng thư của cơ quan (chữ ký số của cơ quan, do văn thư dùng khi phát hành)' })
  @IsOptional()
  @IsBoolean()
  agency?: boolean;
}

export class SigningKeyResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['person', 'agency'] }) ownerKind: string;
  @ApiPropertyOptional({ nullable: true }) userId: string | null;
  @ApiProperty({ enum: ['dev_ca', 'imported'] }) source: string;
  @ApiProperty() subjectCommonName: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty() notBefore: string;
  @ApiProperty() notAfter: string;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
}

export class ImportPkcs12FormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Tệp PKCS#12 (.p12/.pfx)' }) file: unknown;
  @ApiProperty({ description: 'Mật khẩu của tệp PKCS#12' }) password: string;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
  @ApiPropertyOptional() agency?: boolean;
}

export class SigningImageFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Ảnh PNG nền trong suốt: chữ ký (màu xanh) hoặc con dấu (màu đỏ)' }) file: unknown;
  @ApiPropertyOptional({ format: 'uuid', description: 'Chủ của chữ ký' }) userId?: string;
  @ApiPropertyOptional({ description: 'true: ảnh con dấu của cơ quan' }) agency?: boolean;
}

export class SignatureReportDto {
  @ApiProperty() signerName: string;
  @ApiProperty({ enum: ['signer', 'agency'] }) role: string;
  @ApiPropertyOptional({ nullable: true, example: '2025-07-07T10:30:00+07:00' }) signedAt: string | null;
  @ApiProperty() intact: boolean;
  @ApiPropertyOptional({ nullable: true }) problem?: string | null;
  @ApiProperty({ description: 'Phiên bản (revision) của tệp mà chữ ký này bao phủ, đếm từ 1' }) revision: number;
  @ApiProperty({ description: 'true: chữ ký bao phủ toàn bộ tệp; false: tệp có phần thêm sau chữ ký (ví dụ số, ngày do văn thư cấp)' }) coversWholeDocument: boolean;
}

export class VerificationResponseDto {
  @ApiProperty() valid: boolean;
  @ApiProperty() modifiedAfterLastSignature: boolean;
  @ApiProperty({ type: [SignatureReportDto] }) signatures: SignatureReportDto[];
}

export class VerifyUploadFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Tệp PDF cần kiểm tra chữ ký số' }) file: unknown;
}
