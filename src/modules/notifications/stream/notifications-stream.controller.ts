import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { CheckAbility, Public } from '../../../common/authz/check-ability.decorator';
import { DomainError } from '../../../common/errors/domain-error';
import { StreamAuthService } from './stream-auth.service';
import { StreamConnection, StreamHub } from './stream-hub.service';
import { StreamQueryDto, StreamSnapshotDto, StreamTicketResponseDto } from './stream.dto';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsStreamController {
  constructor(
    private readonly hub: StreamHub,
    private readonly auth: StreamAuthService,
  ) {}

  @Post('stream-tickets')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Cấp vé dùng một lần (60 giây) để mở luồng thông báo từ trình duyệt', operationId: 'createNotificationStreamTicket' })
  @ApiCreatedResponse({ type: StreamTicketResponseDto })
  @CheckAbility('read', 'Notification')
  ticket(@CurrentActor() actor: Actor) {
    return this.auth.issueTicket(actor);
  }

  /**
   * Public for the global guard only because a browser cannot send the header: the handler authenticates the bearer
   * header or a stream ticket itself, and applies the same ability check as GET /notifications.
   */
  @Get('stream')
  @Public()
  @ApiBearerAuth()
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Luồng Server-Sent Events: số thông báo chưa đọc và số việc cần xử lý, gửi khi có thay đổi',
    description: 'Xác thực bằng header Authorization: Bearer, hoặc ?ticket= (POST /notifications/stream-tickets). '
      + 'Mỗi thay đổi: `event: counts` với data là StreamSnapshot; mỗi 25 giây một dòng chú thích (heartbeat).',
    operationId: 'streamNotifications',
  })
  @ApiOkResponse({ type: StreamSnapshotDto, description: 'text/event-stream; data của mỗi sự kiện counts' })
  async stream(@Req() req: Request, @Res() res: Response, @Query() q: StreamQueryDto): Promise<void> {
    const actor = await this.auth.authenticate(req.headers.authorization, q.ticket);
    if (!actor.orgId || !actor.ability.can('read', 'Notification')) throw new DomainError('FORBIDDEN', 'Bạn không có quyền thực hiện chức năng này.');
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 5000\n\n');
    const conn: StreamConnection = { actor, write: (chunk) => res.write(chunk), end: () => res.end() };
    let closed = false;
    res.on('close', () => {
      closed = true;
      this.hub.close(conn);
    });
    await this.hub.open(conn);
    if (closed) this.hub.close(conn); // closed while the first snapshot was being read
  }
}
