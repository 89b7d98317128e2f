import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadinessResponseDto } from './readiness.dto';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { ReadinessService } from './readiness.service';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organization')
export class ReadinessController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('readiness')
  @ApiOperation({ operationId: 'getOrganizationReadiness', summary: 'Những việc quản trị cần làm: phòng chưa có văn thư, chưa có trưởng phòng, quy tắc ký chưa ai dùng được, việc bị kẹt (stuckItems)' })
  @ApiOkResponse({ type: ReadinessResponseDto })
  @CheckAbility('read', 'Readiness')
  report(@CurrentActor() actor: Actor) {
    return this.readiness.report(actor);
  }
}
