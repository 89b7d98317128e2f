import { INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation/validation.pipe';
import { jsonBody } from './common/validation/json-body';
import { MediaTypeInterceptor } from './common/validation/media-type.interceptor';
import { ReferenceCheckInterceptor } from './common/validation/reference-check.interceptor';
import { DataSource } from 'typeorm';
import { httpLogger, PinoNestLogger, requestIdMiddleware } from './common/logging/logger';
import { ROOT_LOGGER, RootLogger } from './common/logging/logging.module';
import { AppMetrics } from './common/metrics/app-metrics';
import { timeRequests } from './common/metrics/http-metrics.middleware';
import { serveWebApp } from './web-app/serve-web-app';

export const API_PREFIX = 'api/v1';

/** Everything an HTTP process needs, shared by main.ts and the e2e tests so they run the same app. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  const root = app.get<RootLogger>(ROOT_LOGGER);
  app.useLogger(new PinoNestLogger(root));
  app.use(requestIdMiddleware);
  app.use(httpLogger(root));
  app.use(timeRequests(app.get(AppMetrics)));
  // X-Forwarded-For is believed only hop by hop from the configured proxies (TRUSTED_PROXIES); anyone else's is ignored.
  app.set('trust proxy', (addr: string) => config.trustedProxies.contains(addr));
  app.disable('x-powered-by');
  // /health, /health/* and /metrics answer at the root too, for load balancers and scrapers that use fixed paths.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (/^\/(health|metrics)(\/|\?|$)/.test(req.url)) req.url = `/${API_PREFIX}${req.url}`;
    next();
  });
  // The web application at / (index.html for client routes); /api/* stays the API's.
  serveWebApp(app);
  // JSON bodies: 1 MB, nesting checked on the raw text before parsing (json-body.ts); other types are refused on JSON
  // routes by MediaTypeInterceptor, and multipart routes stream their own bodies.
  app.use(jsonBody);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new MediaTypeInterceptor(app.get(Reflector)), new ReferenceCheckInterceptor(app.get(DataSource)));
  const doc = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
}

export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  configureApp(app, config);
  return app;
}
