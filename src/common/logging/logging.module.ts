import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../../config/app-config';
import type { RequestWithActor } from '../auth/auth.guard';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** JSON logs; each request line carries requestId, orgId and userId. Secrets never reach the log. */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req: IncomingMessage) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            },
            customProps: (req: IncomingMessage) => {
              const actor = (req as unknown as RequestWithActor).actor;
              return { orgId: actor?.orgId ?? undefined, userId: actor?.userId ?? undefined };
            },
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.refreshToken',
                '*.accessToken', '*.passwordHash'],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            },
          },
        }),
      ],
    };
  }
}
