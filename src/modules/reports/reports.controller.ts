import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { SummaryQueryDto, SummaryResponseDto } from './dto/report.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  @ApiOperation({ operationId: 'getReportSummary', summary: 'Thống kê: văn bản đến, văn bản đi đã ban hành theo loại, nhiệm vụ; tỷ lệ đúng hạn; theo phòng' })
  @ApiOkResponse({ type: SummaryResponseDto })
  @CheckAbility('read', 'Report')
  summary(@CurrentActor() actor: Actor, @Query() q: SummaryQueryDto) {
    return this.reports.summary(actor, q);
  }
}
