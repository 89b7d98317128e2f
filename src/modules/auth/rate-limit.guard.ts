import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import { clientInfoOf } from '../../common/http/client-info.decorator';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute window per client address on the routes that take a secret (login, MFA code, refresh, password
 * change), counted in PostgreSQL so every API replica shares it.
 * Over the limit: 429 RATE_LIMITED with Retry-After (seconds to the next window).
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const now = this.clock.now().getTime();
    const windowStart = new Date(now - (now % WINDOW_MS));
    const key = `auth:${clientInfoOf(req).ip}`;
    const [row] = (await this.ds.query(
      `INSERT INTO rate_limit_hits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 RETURNING hits`,
      [key, windowStart],
    )) as { hits: number }[];
    if (Math.random() < 0.01) {
      await this.ds.query(`DELETE FROM rate_limit_hits WHERE window_start < $1`, [new Date(now - 10 * WINDOW_MS)]);
    }
    if (row.hits > this.config.authRateLimitPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000));
      throw new DomainError('RATE_LIMITED', `Quá nhiều yêu cầu đăng nhập từ địa chỉ này, vui lòng thử lại sau ${retryAfter} giây.`, [],
        { 'Retry-After': String(retryAfter) });
    }
    return true;
  }
}
