import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { StreamableFile } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppMetrics } from '../../common/metrics/app-metrics';
import { BusinessEventsSubscriber } from '../../common/metrics/business-events.subscriber';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { MetricsCollector } from './metrics.collector';

const digest = (s: string) => createHash('sha256').update(s).digest();

@Injectable()
export class MetricsService implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly collector: MetricsCollector,
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Business counters move only when the transaction that records the audit action commits.
    this.ds.subscribers.push(new BusinessEventsSubscriber(this.metrics));
  }

  async scrape(authorization: string | undefined): Promise<StreamableFile> {
    const token = this.config.metricsToken;
    if (token) {
      const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(given), digest(token))) {
        throw new DomainError('UNAUTHENTICATED', 'Cần mã truy cập METRICS_TOKEN để đọc chỉ số vận hành.');
      }
    }
    await this.collector.collect();
    const body = await this.metrics.registry.metrics();
    return new StreamableFile(Buffer.from(body), { type: this.metrics.registry.contentType });
  }
}
