import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-responses.decorator';
import type { Request } from 'express';
import { Public } from '../../common/authz/check-ability.decorator';
import { MetricsService } from './metrics.service';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiErrors(401)
  @ApiOperation({ summary: 'Chỉ số vận hành theo định dạng Prometheus (Bearer METRICS_TOKEN khi được đặt)', operationId: 'getMetrics' })
  scrape(@Req() req: Request) {
    return this.metrics.scrape(req.headers.authorization);
  }
}
