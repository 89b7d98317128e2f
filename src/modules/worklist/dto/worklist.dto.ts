import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class WorklistQueryDto {
  @ApiPropertyOptional({ enum: ['incoming', 'outgoing', 'task'], description: 'Chỉ một loại việc (số đếm vẫn tính mọi loại)' })
  @IsOptional()
  @IsIn(['incoming', 'outgoing', 'task'], { message: 'kind phải là incoming, outgoing hoặc task' })
  kind?: 'incoming' | 'outgoing' | 'task';

  @ApiPropertyOptional({ enum: ['mine', 'department'], description: 'mine: việc của tôi; department: việc đang mở của cả phòng (trưởng phòng, văn thư phòng)' })
  @IsOptional()
  @IsIn(['mine', 'department'], { message: 'scope phải là mine hoặc department' })
  scope?: 'mine' | 'department';

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit phải là số nguyên' })
  @Min(1, { message: 'limit tối thiểu là 1' })
  @Max(200, { message: 'limit tối đa là 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor của trang trước' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class InboxItemDto {
  @ApiProperty({ enum: ['incoming', 'outgoing', 'task'] }) kind: string;
  @ApiProperty({ format: 'uuid', description: 'Văn bản hoặc nhiệm vụ' }) id: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Dòng xử lý cần thao tác (văn bản đến)' }) lineId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'receive', description: 'register, submit, resubmit, direct, receive, assign, reassign, handle, acknowledge, review, sign, issue, revise, reroute, accept, decide_extension' })
  action: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2025-07-15' }) deadline: string | null;
  @ApiProperty({ enum: ['normal', 'urgent', 'very_urgent', 'flash'] }) urgency: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'Bắt đầu chờ từ (ISO 8601)' }) since: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Người ủy quyền, khi thao tác theo ủy quyền' }) onBehalfOfUserId: string | null;
}

export class WorklistItemDto extends InboxItemDto {
  @ApiProperty({ example: 'Tiếp nhận' }) actionLabel: string;
  @ApiPropertyOptional({ enum: ['lead', 'coordinate', 'inform'], nullable: true, type: String, description: 'Vai trò của dòng văn bản đến: chủ trì, phối hợp, để biết' })
  role: string | null;
  @ApiProperty({ example: 'Số đến 15', description: '"Số đến 15" (văn bản đến), "05/TB-UBND" (văn bản đi), hoặc trống' }) reference: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Nguyễn Thị Phượng', description: 'Họ tên người gửi/giao (hoặc cơ quan gửi)' }) from: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) fromUserId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Chủ tịch' }) fromPosition: string | null;
  @ApiProperty({ description: 'Hỏa tốc hoặc Thượng khẩn: xử lý ngay' }) flagged: boolean;
}

export class WorklistCountsDto {
  @ApiProperty() incoming: number;
  @ApiProperty() outgoing: number;
  @ApiProperty() task: number;
  @ApiProperty() overdue: number;
  @ApiProperty() total: number;
}

export class WorklistPageDto {
  @ApiProperty({ type: [WorklistItemDto] }) items: WorklistItemDto[];
  @ApiProperty({ type: WorklistCountsDto }) counts: WorklistCountsDto;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Truyền lại làm cursor để lấy trang sau; null khi hết' }) nextCursor: string | null;
}
