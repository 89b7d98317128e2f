import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation/validation.pipe';
import { httpLogger, PinoNestLogger, requestIdMiddleware } from './common/logging/logger';
import { ROOT_LOGGER, RootLogger } from './common/logging/logging.module';
import { serveWebApp } from './web-app/serve-web-app';

export const API_PREFIX = 'api/v1';

/** Everything an HTTP process needs, shared by main.ts and the e2e tests so they run the same app. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  const root = app.get<RootLogger>(ROOT_LOGGER);
  app.useLogger(new PinoNestLogger(root));
  app.use(requestIdMiddleware);
  app.use(httpLogger(root));
  app.set('trust proxy', config.isProduction ? 1 : false);
  app.disable('x-powered-by');
  // /health/* answers at the root too, for load balancers that probe a fixed path.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.url.startsWith('/health/')) req.url = `/${API_PREFIX}${req.url}`;
    next();
  });
  // The web application at / (index.html for client routes); /api/* stays the API's.
  serveWebApp(app);
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('vanthu API')
      .setDescription('Văn phòng số cho UBND phường/xã — văn bản đến, văn bản đi, ký số, giao việc (Nghị định 30/2020/NĐ-CP).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
}

export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  configureApp(app, config);
  return app;
}
