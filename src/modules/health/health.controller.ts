import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/authz/check-ability.decorator';
import { JOB_BACKEND_PROBE, JobBackendProbe } from './job-backend.probe';

const PROBE_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(JOB_BACKEND_PROBE) private readonly jobs?: JobBackendProbe,
  ) {}

  @Get('live')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Tiến trình còn sống' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ operationId: 'checkReadiness', summary: 'Sẵn sàng phục vụ: cơ sở dữ liệu và hàng đợi công việc trả lời (503 nếu không)' })
  async ready(@Res({ passthrough: true }) res: Response) {
    // A load balancer polls this: every check answers within PROBE_TIMEOUT_MS, a hung dependency counts as down.
    const database = await withTimeout(this.ds.query('SELECT 1')).then(() => 'up', () => 'down');
    const jobs = this.jobs
      ? await withTimeout(this.jobs.check()).then((b) => ({ status: 'up', backend: b }), () => ({ status: 'down', backend: this.jobs?.name ?? 'unknown' }))
      : { status: 'up', backend: 'none' };
    const ok = database === 'up' && jobs.status === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', database, jobs };
  }
}
