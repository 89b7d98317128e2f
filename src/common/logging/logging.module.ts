import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/app-config';
import { createRootLogger } from './logger';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export type RootLogger = Logger;

/** The process's pino logger, for configureApp (HTTP request lines, Nest's logger) and for jobs (child loggers). */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useValue: createRootLogger(config) }],
      exports: [ROOT_LOGGER],
    };
  }
}
