import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { AnySignedIn } from '../../common/authz/check-ability.decorator';
import { WorklistService } from './worklist.service';
import { WorklistItemResponseDto } from './dto/worklist-item.dto';

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('inbox')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get()
  @AnySignedIn()
  @ApiOperation({ operationId: 'listInbox', summary: 'Mọi việc đang chờ người dùng: văn bản đến, văn bản đi, nhiệm vụ — khẩn trước, quá hạn trước' })
  @ApiOkResponse({ type: [WorklistItemResponseDto] })
  inbox(@CurrentActor() actor: Actor) {
    return this.worklist.inbox(actor);
  }
}
