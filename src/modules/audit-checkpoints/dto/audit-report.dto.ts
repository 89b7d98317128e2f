import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BrokenAuditRowDto {
  @ApiProperty({ description: 'Mã dòng nhật ký ("" khi thiếu dòng ở cuối chuỗi)' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'Lý do (tiếng Anh, cho kỹ thuật viên)' }) reason: string;
}

export class CheckpointProblemDto {
  @ApiProperty() id: string;
  @ApiProperty() seq: number;
  @ApiProperty() reason: string;
}

export class CheckpointRefDto {
  @ApiProperty() seq: number;
  @ApiProperty() createdAt: string;
}

export class CheckpointSummaryDto {
  @ApiProperty({ description: 'Số điểm kiểm tra đã ký' }) total: number;
  @ApiProperty({ description: 'Số điểm kiểm tra có chữ ký đúng và khớp với chuỗi hiện tại' }) verified: number;
  @ApiProperty({ type: CheckpointRefDto, nullable: true, description: 'Điểm kiểm tra mới nhất' }) latest: CheckpointRefDto | null;
  @ApiPropertyOptional({ type: CheckpointProblemDto }) firstBroken?: CheckpointProblemDto;
}

export class AuditVerificationResponseDto {
  @ApiProperty({ description: 'Chuỗi nguyên vẹn và mọi điểm kiểm tra đã ký đều khớp' }) ok: boolean;
  @ApiProperty() checkedRows: number;
  @ApiProperty({ description: 'Số dòng cũ được kiểm bằng công thức không khóa (phiên bản 1, 2)' }) legacyRows: number;
  @ApiPropertyOptional({ type: BrokenAuditRowDto }) firstBrokenRow?: BrokenAuditRowDto;
  @ApiProperty({ type: CheckpointSummaryDto }) checkpoints: CheckpointSummaryDto;
}

export class AuditCheckpointDto {
  @ApiProperty() id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'Giá trị băm của dòng thứ seq (đầu chuỗi lúc ký)' }) headHash: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'Nội dung được ký (JSON chuẩn hóa: v, chainKey, seq, headHash, createdAt)' }) payload: string;
  @ApiProperty({ description: 'Chữ ký CMS tách rời (base64, DER) bằng khóa của cơ quan trên payload' }) signature: string;
  @ApiProperty({ description: 'Chứng thư số của cơ quan (PEM)' }) certificatePem: string;
  @ApiProperty() signerSubject: string;
}

export class AuditCheckpointListDto {
  @ApiProperty({ type: [AuditCheckpointDto] }) items: AuditCheckpointDto[];
}
