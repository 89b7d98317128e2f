import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { Transform } from 'class-transformer';
import { PageQueryDto } from '../pagination/pagination';

export class ListJobFailuresQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true = cả những lỗi đã cho chạy lại' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetried?: boolean;
}

export class JobFailureResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) organizationId: string | null;
  @ApiProperty({ example: 'notifications' }) queue: string;
  @ApiProperty({ example: 'task.assigned' }) jobName: string;
  @ApiProperty() jobId: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty() error: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty() failedAt: string;
  @ApiProperty({ type: String, nullable: true }) retriedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) retriedByUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) retryJobId: string | null;
}
