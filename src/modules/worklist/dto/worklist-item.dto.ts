import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { URGENCIES } from '../worklist.types';

/** One thing waiting for the caller (GET /inbox). */
export class WorklistItemResponseDto {
  @ApiProperty({ enum: ['incoming', 'outgoing', 'task'] }) kind: 'incoming' | 'outgoing' | 'task';
  @ApiProperty({ description: 'Mã văn bản hoặc nhiệm vụ' }) id: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Dòng xử lý cần thao tác (văn bản đến)' }) lineId?: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Việc cần làm: receive, assign, handle, sign, issue, review, …' }) action: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) deadline: string | null;
  @ApiProperty({ enum: URGENCIES }) urgency: (typeof URGENCIES)[number];
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Việc chờ người đã ủy quyền cho mình' }) onBehalfOfUserId?: string | null;
  @ApiProperty({ format: 'date-time', description: 'Bắt đầu chờ từ lúc nào' }) since: string;
}
