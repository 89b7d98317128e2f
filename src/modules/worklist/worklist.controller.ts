import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { AnySignedIn } from '../../common/authz/check-ability.decorator';
import { InboxItemDto, WorklistPageDto, WorklistQueryDto } from './dto/worklist.dto';
import { WorklistService } from './worklist.service';

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('inbox')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get()
  @AnySignedIn()
  @ApiOperation({ summary: 'Mọi việc đang chờ người dùng: văn bản đến, văn bản đi, nhiệm vụ — khẩn trước, quá hạn trước', operationId: 'listInbox' })
  @ApiOkResponse({ type: [InboxItemDto] })
  inbox(@CurrentActor() actor: Actor) {
    return this.worklist.inbox(actor);
  }
}

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('worklist')
export class WorklistV2Controller {
  constructor(private readonly worklist: WorklistService) {}

  @Get()
  @AnySignedIn()
  @ApiOperation({ summary: 'Việc cần làm (trang theo con trỏ): nhãn thao tác, vai trò, số đến/số ký hiệu, người gửi, hạn; số đếm theo loại', operationId: 'listWorklist' })
  @ApiOkResponse({ type: WorklistPageDto })
  list(@CurrentActor() actor: Actor, @Query() q: WorklistQueryDto) {
    return this.worklist.page(actor, q);
  }
}
