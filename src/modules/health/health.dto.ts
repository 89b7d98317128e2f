import { ApiProperty } from '@nestjs/swagger';

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

export class JobBackendHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: string;
  @ApiProperty({ example: 'bullmq' }) backend: string;
}

export class ReadinessProbeResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: string;
  @ApiProperty({ enum: ['up', 'down'] }) database: string;
  @ApiProperty({ type: JobBackendHealthDto }) jobs: JobBackendHealthDto;
}
