import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { normalizeAddress } from '../net/cidr';

/** Where a request comes from: `ip` honours X-Forwarded-For only from TRUSTED_PROXIES (Express `trust proxy`). */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export const clientInfoOf = (req: Request): ClientInfo => ({
  ip: normalizeAddress(req.ip ?? req.socket.remoteAddress ?? 'unknown'),
  userAgent: (req.headers['user-agent'] ?? '').slice(0, 300) || null,
});

export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientInfo => clientInfoOf(ctx.switchToHttp().getRequest<Request>()));
