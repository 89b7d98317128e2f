import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../../common/authz/check-ability.decorator';
import { NotificationSettingsResponseDto, UpdateNotificationSettingsDto } from './notification-settings.dto';
import { NotificationSettingsService } from './notification-settings.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('users/me/notification-settings')
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Cài đặt thông báo của tôi: loại nào gửi thư điện tử', operationId: 'getMyNotificationSettings' })
  @ApiOkResponse({ type: NotificationSettingsResponseDto })
  @CheckAbility('read', 'Notification')
  get(@CurrentActor() actor: Actor) {
    return this.settings.get(actor);
  }

  @Patch()
  @ApiOperation({ summary: 'Bật/tắt thư điện tử theo từng loại thông báo (thông báo trong ứng dụng luôn có)', operationId: 'updateMyNotificationSettings' })
  @ApiOkResponse({ type: NotificationSettingsResponseDto })
  @CheckAbility('update', 'Notification')
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateNotificationSettingsDto) {
    return this.settings.update(actor, dto);
  }
}
