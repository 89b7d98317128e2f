import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccessTokenService } from './auth/access-token.service';
import { ActorCache } from './auth/actor-cache';
import { ActorLoader } from './auth/actor.loader';
import { AuthGuard } from './auth/auth.guard';
import type { PolicyContributor } from './authz/ability';
import { AbilityFactory } from './authz/ability.factory';
import { AuthzService } from './authz/authz.service';
import { POLICY_CONTRIBUTORS } from './authz/policies.token';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { Clock } from './time/clock';

/** Configuration, clock, authentication and authorization, shared by every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, policies: PolicyContributor[]): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: POLICY_CONTRIBUTORS, useValue: policies },
        Clock,
        AccessTokenService,
        ActorLoader,
        ActorCache,
        AbilityFactory,
        AuthzService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [APP_CONFIG, Clock, AccessTokenService, ActorLoader, AbilityFactory, AuthzService],
    };
  }
}
