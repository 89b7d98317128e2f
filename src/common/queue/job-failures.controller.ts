import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CheckAbility } from '../authz/check-ability.decorator';
import { UuidPipe } from '../validation/uuid.pipe';
import { JobFailureResponseDto, ListJobFailuresQueryDto } from './job-failures.dto';
import { JobFailuresService } from './job-failures.service';
import { ApiPagedResponse, ApiErrors } from '../openapi/api-responses.decorator';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('job-failures')
export class JobFailuresController {
  constructor(private readonly failures: JobFailuresService) {}

  @Get()
  @ApiOperation({ operationId: 'listJobFailures', summary: 'Các công việc nền đã thất bại sau mọi lần thử (quản trị xem và cho chạy lại)' })
  @ApiPagedResponse(JobFailureResponseDto)
  @CheckAbility('read', 'JobFailure')
  list(@CurrentActor() actor: Actor, @Query() q: ListJobFailuresQueryDto) {
    return this.failures.list(actor, q);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ operationId: 'retryJobFailure', summary: 'Cho chạy lại một công việc nền đã thất bại' })
  @ApiErrors(409)
  @ApiOkResponse({ type: JobFailureResponseDto })
  @CheckAbility('retry', 'JobFailure')
  retry(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.failures.retry(actor, id);
  }
}
