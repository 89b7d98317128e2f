import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { NOTIFICATION_KIND_KEYS } from '../notification-kinds';

const EMAIL_MAP_SCHEMA = {
  type: 'object' as const,
  additionalProperties: { type: 'boolean' },
  example: { 'incoming.presented': true, 'reminder.overdue': false },
};
const KINDS_LIST = NOTIFICATION_KIND_KEYS.join(', ');

export class UpdateNotificationSettingsDto {
  @ApiProperty({ ...EMAIL_MAP_SCHEMA, description: `Loại thông báo → có gửi thư điện tử hay không (chỉ các loại gửi lên mới đổi). Loại: ${KINDS_LIST}` })
  @IsObject()
  email: Record<string, boolean>;
}

export class NotificationKindDto {
  @ApiProperty({ enum: NOTIFICATION_KIND_KEYS }) kind: string;
  @ApiProperty({ example: 'Có văn bản đến trình bạn cho ý kiến chỉ đạo' }) label: string;
}

export class NotificationSettingsResponseDto {
  @ApiProperty({ ...EMAIL_MAP_SCHEMA, description: 'Mọi loại thông báo → có gửi thư điện tử hay không (mặc định: có)' })
  email: Record<string, boolean>;
  @ApiProperty({ type: [NotificationKindDto] }) kinds: NotificationKindDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Địa chỉ nhận thư (quản trị cập nhật ở hồ sơ người dùng); null: chỉ nhận trong ứng dụng' })
  emailAddress: string | null;
  @ApiProperty({ description: 'Máy chủ có cấu hình gửi thư (SMTP_URL) hay không' }) emailDelivery: boolean;
}
