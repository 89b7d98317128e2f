import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ReadinessGate } from './readiness-gate';

@Module({ controllers: [HealthController], providers: [ReadinessGate], exports: [ReadinessGate] })
export class HealthModule {}
