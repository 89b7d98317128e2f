import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Audit actions that are business events worth a counter of their own (documents registered, issued, tasks done). */
const BUSINESS_COUNTERS: Record<string, { name: string; help: string }> = {
  'incoming.registered': { name: 'vanthu_documents_registered_total', help: 'Incoming documents given an arrival number' },
  'outgoing.issued': { name: 'vanthu_documents_issued_total', help: 'Outgoing documents issued' },
  'task.accepted': { name: 'vanthu_tasks_done_total', help: 'Tasks accepted as done by their assigner' },
};

/**
 * The process's Prometheus metrics, one registry per application instance (tests boot several apps in one process,
 * and prom-client refuses to register a name twice in one registry). Values that live in PostgreSQL or the job backend
 * (pool, queues, outbox lag, reminders) are read at scrape time by MetricsCollector; in-process events are counted here.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly businessEvents: Counter<'action'>;
  private readonly business = new Map<string, Counter>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vanthu_' });
    this.httpDuration = new Histogram({
      name: 'vanthu_http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.businessEvents = new Counter({
      name: 'vanthu_business_events_total',
      help: 'Committed state changes by audit action',
      labelNames: ['action'],
      registers: [this.registry],
    });
    for (const [action, def] of Object.entries(BUSINESS_COUNTERS)) {
      this.business.set(action, new Counter({ ...def, registers: [this.registry] }));
    }
  }

  /** Called once per committed audit action. */
  committed(action: string): void {
    this.businessEvents.inc({ action });
    this.business.get(action)?.inc();
  }

  gauge(name: string, help: string, labelNames: string[] = []): Gauge<string> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<string>;
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
