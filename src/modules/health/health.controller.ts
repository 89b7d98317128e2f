import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/authz/check-ability.decorator';
import { JOB_BACKEND_PROBE, JobBackendProbe } from '../../common/queue/job-backend.port';
import { ReadinessGate } from './readiness-gate';
import { LivenessResponseDto, ReadinessProbeResponseDto } from './health.dto';

const PROBE_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const cause = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly gate: ReadinessGate,
    @Optional() @Inject(JOB_BACKEND_PROBE) private readonly jobs?: JobBackendProbe,
  ) {}

  @Get()
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Tiến trình còn sống (như /health/live)', operationId: 'checkHealth' })
  @ApiOkResponse({ type: LivenessResponseDto })
  health() {
    return { status: 'ok' };
  }

  @Get('live')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Tiến trình còn sống' })
  @ApiOkResponse({ type: LivenessResponseDto })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ operationId: 'checkReadiness', summary: 'Sẵn sàng phục vụ: cơ sở dữ liệu và hàng đợi công việc trả lời (503 nếu không)' })
  @ApiOkResponse({ type: ReadinessProbeResponseDto })
  @ApiServiceUnavailableResponse({ type: ReadinessProbeResponseDto, description: 'Cơ sở dữ liệu hoặc hàng đợi không trả lời, hoặc tiến trình đang dừng' })
  async ready(@Res({ passthrough: true }) res: Response) {
    if (this.gate.reason) {
      res.status(503);
      return { status: 'unavailable', reason: this.gate.reason };
    }
    // A load balancer polls this: every check answers within PROBE_TIMEOUT_MS, a hung dependency counts as down.
    const database: { status: string; cause?: string } = await withTimeout(this.ds.query('SELECT 1'))
      .then(() => ({ status: 'up' }), (e) => ({ status: 'down', cause: cause(e) }));
    const jobs = this.jobs
      ? await withTimeout(this.jobs.check()).then(
        (b) => ({ status: 'up', backend: b }),
        (e) => ({ status: 'down', backend: this.jobs?.name ?? 'unknown', cause: cause(e) }))
      : { status: 'up', backend: 'none' };
    const ok = database.status === 'up' && jobs.status === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', database: database.status, ...(database.cause ? { databaseCause: database.cause } : {}), jobs };
  }
}
