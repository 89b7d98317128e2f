import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

export class JobBackendHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: string;
  @ApiProperty({ example: 'postgres' }) backend: string;
  @ApiPropertyOptional({ description: 'Vì sao không trả lời (khi down)' }) cause?: string;
}

export class ReadinessProbeResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: string;
  @ApiPropertyOptional({ enum: ['up', 'down'] }) database?: string;
  @ApiPropertyOptional({ description: 'Vì sao cơ sở dữ liệu không trả lời' }) databaseCause?: string;
  @ApiPropertyOptional({ type: JobBackendHealthDto }) jobs?: JobBackendHealthDto;
  @ApiPropertyOptional({ description: 'Tiến trình đang dừng (SIGTERM)', example: 'shutting down' }) reason?: string;
}
