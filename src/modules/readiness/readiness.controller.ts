import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { ReadinessService } from './readiness.service';
import { ReadinessResponseDto } from './dto/readiness.dto';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organization')
export class ReadinessController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('readiness')
  @ApiOperation({ operationId: 'getOrganizationReadiness', summary: 'Những việc quản trị cần làm: phòng chưa có văn thư, chưa có trưởng phòng, quy tắc ký chưa ai dùng được' })
  @ApiOkResponse({ type: ReadinessResponseDto })
  @CheckAbility('read', 'Readiness')
  report(@CurrentActor() actor: Actor) {
    return this.readiness.report(actor);
  }
}
