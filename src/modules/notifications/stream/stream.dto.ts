import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StreamTicketResponseDto {
  @ApiProperty({ description: 'Dùng một lần, trong 60 giây: GET /notifications/stream?ticket=…' }) ticket: string;
  @ApiProperty() expiresAt: string;
}

export class StreamQueryDto {
  @ApiPropertyOptional({ description: 'Vé mở luồng (POST /notifications/stream-tickets), cho EventSource của trình duyệt' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ticket?: string;
}

export class WorklistCountsDto {
  @ApiProperty() incoming: number;
  @ApiProperty() outgoing: number;
  @ApiProperty() task: number;
  @ApiProperty() overdue: number;
  @ApiProperty() total: number;
}

export class StreamWorklistDto {
  @ApiProperty({ type: WorklistCountsDto }) counts: WorklistCountsDto;
}

/** The `data` of each `event: counts` on the stream. */
export class StreamSnapshotDto {
  @ApiProperty({ description: 'Số thông báo chưa đọc' }) unread: number;
  @ApiProperty({ type: StreamWorklistDto }) worklist: StreamWorklistDto;
}
