import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true = chỉ thông báo chưa đọc' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;
}

export class NotificationResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'reminder.overdue', description: 'task.assigned, reminder.due_soon, reminder.due_today, reminder.overdue, …' })
  kind: string;
  @ApiProperty({ description: 'Nêu tên văn bản hoặc nhiệm vụ liên quan' }) title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, nullable: true, example: 'Task' }) entityType: string | null;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationResponseDto] }) items: NotificationResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Số thông báo chưa đọc' }) unread: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
