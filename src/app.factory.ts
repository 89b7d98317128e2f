import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation/validation.pipe';
import { httpLogger, PinoNestLogger, requestIdMiddleware } from './common/logging/logger';
import { ROOT_LOGGER, RootLogger } from './common/logging/logging.module';
import { AppMetrics } from './common/metrics/app-metrics';
import { timeRequests } from './common/metrics/http-metrics.middleware';

export const API_PREFIX = 'api/v1';

/** Everything an HTTP process needs, shared by main.ts and the e2e tests so they run the same app. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  const root = app.get<RootLogger>(ROOT_LOGGER);
  app.useLogger(new PinoNestLogger(root));
  app.use(requestIdMiddleware);
  app.use(httpLogger(root));
  app.use(timeRequests(app.get(AppMetrics)));
  app.set('trust proxy', config.isProduction ? 1 : false);
  app.disable('x-powered-by');
  // /health, /health/* and /metrics answer at the root too, for load balancers and scrapers that use fixed paths.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (/^\/(health|metrics)(\/|\?|$)/.test(req.url)) req.url = `/${API_PREFIX}${req.url}`;
    next();
  });
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  const doc = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
}

export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  configureApp(app, config);
  return app;
}
