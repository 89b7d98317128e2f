import type { NextFunction, Request, Response } from 'express';
import type { AppMetrics } from './app-metrics';

/**
 * Times every request into the duration histogram, labelled by the route TEMPLATE (`/api/v1/incoming-documents/:id`,
 * known once Express has matched it) so ids never explode the label set; unmatched paths share one label.
 */
export function timeRequests(metrics: AppMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      const route = routePath ? `${req.baseUrl ?? ''}${routePath}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  };
}
