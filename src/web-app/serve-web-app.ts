import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where the built web application is: WEB_DIST_DIR, else <repo>/web/dist (npm start and the tests run from the repo root). */
export function webDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.WEB_DIST_DIR ?? join(process.cwd(), 'web', 'dist'));
}

const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/health/') || url === '/metrics';

/**
 * Serves the web application at `/` from the same process: hashed files under /assets/ with a year-long immutable
 * cache, index.html with `no-cache` for every client route (SPA fallback). /api/* is never touched, so unknown API
 * paths still answer the JSON 404. Does nothing when the web application has not been built.
 */
export function serveWebApp(app: NestExpressApplication, dir = webDistDir()): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  app.use('/assets', express.static(join(dir, 'assets'), {
    immutable: true, maxAge: '365d', index: false, fallthrough: false,
  }));
  // Never for API paths: serve-static looks every GET path up on disk (web/dist/api/v1/…), which cost 11 % of the API's
  // CPU on a plain GET /api/v1/departments in a profile (bench B5).
  const files = express.static(dir, {
    index: false,
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => (isApiPath(req.path) ? next() : files(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index);
  });
  return true;
}
