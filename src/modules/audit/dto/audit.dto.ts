import { ApiProperty } from '@nestjs/swagger';

/** One row of the organization's audit log, as listed (newest first). */
export class AuditEntryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Số thứ tự trong chuỗi của đơn vị' }) seq: number;
  @ApiProperty({ type: String, nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) onBehalfOfUserId: string | null;
  @ApiProperty({ example: 'incoming.registered' }) action: string;
  @ApiProperty({ type: String, nullable: true }) entityType: string | null;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) data: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditBrokenAtDto {
  @ApiProperty({ description: 'Dòng đầu tiên không khớp (rỗng khi thiếu dòng ở cuối chuỗi)' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ example: 'content does not match its hash' }) reason: string;
}

export class AuditChainVerificationResponseDto {
  @ApiProperty({ description: 'Chuỗi băm nguyên vẹn' }) ok: boolean;
  @ApiProperty({ description: 'Số dòng đã kiểm tra' }) checked: number;
  @ApiProperty({ type: AuditBrokenAtDto, nullable: true }) brokenAt: AuditBrokenAtDto | null;
}
