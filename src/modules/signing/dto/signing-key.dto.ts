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
  @ApiProperty({ type: String, nullable: true }) userId: string | null;
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
  @ApiProperty({ type: String, nullable: true, example: '2025-07-07T10:30:00+07:00' }) signedAt: string | null;
  @ApiProperty() intact: boolean;
  @ApiProperty({ description: 'Phiên bản (revision) của tệp mà chữ ký này bao phủ, đếm từ 1' }) revision: number;
  @ApiProperty({ description: 'Chữ ký bao trùm toàn bộ tệp' }) coversWholeDocument: boolean;
  @ApiProperty({ description: 'Chứng thư của người ký dẫn tới một chứng thư gốc tin cậy, còn hiệu lực lúc ký, cho phép ký' }) trusted: boolean;
  @ApiProperty({ type: [String], description: 'Tên chủ thể từ chứng thư người ký tới chứng thư gốc' }) chain: string[];
  @ApiProperty({ enum: ['good', 'revoked', 'unknown'], description: 'Tình trạng thu hồi theo CRL có sẵn; "unknown" khi không có CRL' }) revocation: string;
  @ApiProperty({ description: 'Tệp đã được thêm nội dung sau chữ ký này' }) modifiedAfter: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) problem?: string | null;
}

export class VerificationResponseDto {
  @ApiProperty() valid: boolean;
  @ApiProperty() modifiedAfterLastSignature: boolean;
  @ApiProperty({ description: 'Số lần lưu (revision) của tệp PDF: mỗi chữ ký hoặc bản cập nhật nối tiếp thêm một' }) revisions: number;
  @ApiProperty({ type: [SignatureReportDto] }) signatures: SignatureReportDto[];
}

/** The verification of an issued document also says whether the stored file still matches its recorded SHA-256. */
export class StoredDocumentVerificationResponseDto extends VerificationResponseDto {
  @ApiProperty({ description: 'Tệp lưu trữ còn khớp SHA-256 đã ghi khi phát hành' }) storedFileIntact: boolean;
}

export class VerifyUploadFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Tệp PDF cần kiểm tra chữ ký số' }) file: unknown;
}

export class SignatureImageResponseDto {
  @ApiProperty({ enum: ['signature', 'seal'] }) kind: string;
  @ApiProperty({ type: String, nullable: true, description: 'Người có chữ ký (null với con dấu của cơ quan)' }) userId: string | null;
  @ApiProperty({ description: 'SHA-256 của ảnh PNG' }) sha256: string;
}
