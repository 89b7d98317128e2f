import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { ListNotificationsQueryDto, NotificationPageDto, NotificationResponseDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ operationId: 'listNotifications', summary: 'Thông báo của người dùng: chưa đọc trước, rồi mới nhất trước' })
  @ApiOkResponse({ type: NotificationPageDto })
  @CheckAbility('read', 'Notification')
  list(@CurrentActor() actor: Actor, @Query() q: ListNotificationsQueryDto) {
    return this.notifications.list(actor, q);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ operationId: 'markNotificationRead', summary: 'Đánh dấu một thông báo là đã đọc' })
  @ApiOkResponse({ type: NotificationResponseDto })
  @CheckAbility('update', 'Notification')
  markRead(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.notifications.markRead(actor, id);
  }
}
