import type { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { Logger } from 'pino';
import pinoHttp from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import type { RequestWithActor } from '../auth/auth.guard';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Secrets never reach the log, whatever object they hide in. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.refreshToken',
  '*.accessToken', '*.passwordHash', '*.token'];

/** The request a piece of code runs for, so every log line written inside it carries its id (once). */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function createRootLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'vanthu' },
    redact: { paths: REDACT, censor: '[redacted]' },
    mixin: () => {
      const ctx = requestContext.getStore();
      return ctx ? { requestId: ctx.requestId } : {};
    },
  });
}

/** The request id: the caller's X-Request-Id when it is sane, else a new UUID; echoed back and used everywhere. */
export function requestIdMiddleware(req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void): void {
  const given = req.headers['x-request-id'];
  req.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  requestContext.run({ requestId: req.id }, next);
}

/** One JSON line per request with requestId, orgId and userId (known once the guard has run). */
export function httpLogger(root: Logger) {
  return pinoHttp({
    logger: root,
    genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? randomUUID(),
    customProps: (req: IncomingMessage) => {
      const actor = (req as unknown as RequestWithActor).actor;
      // requestId comes from the root logger's mixin (request context), so it appears once per line.
      return { orgId: actor?.orgId ?? undefined, userId: actor?.userId ?? undefined };
    },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** Nest's LoggerService on top of pino: `logger.error({ err }, 'message')` and `logger.log('message', 'Context')` both work. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    // Nest passes the context as the last string argument (and a stack before it for errors).
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.root[level]({ context, ...(message as object) }, typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : context ?? '');
    } else if (message instanceof Error) {
      this.root[level]({ context, err: message }, message.message);
    } else {
      this.root[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
