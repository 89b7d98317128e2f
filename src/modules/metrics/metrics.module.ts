import { Module } from '@nestjs/common';
import { AppMetrics } from '../../common/metrics/app-metrics';
import { MetricsCollector } from './metrics.collector';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** GET /metrics (Prometheus). AppMetrics is exported so the HTTP layer can time requests. */
@Module({
  controllers: [MetricsController],
  providers: [{ provide: AppMetrics, useFactory: () => new AppMetrics() }, MetricsCollector, MetricsService],
  exports: [AppMetrics],
})
export class MetricsModule {}
