import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { webDistDir } from '../../src/web-app/serve-web-app';
import { createTestApp, type TestApp } from '../setup/test-app';

// `npm test` builds web/dist before Jest runs (npm run build:web), so the service serves it here.
describe('The web application served by the service', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('answers / and every client route with index.html, never cached', async () => {
    for (const path of ['/', '/van-ban-den/vao-so', '/giao-viec/00000000-0000-0000-0000-000000000000']) {
      const res = await t.http.get(path).set('Accept', 'text/html');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets with a year-long immutable cache, and a missing asset is a 404, not the page', async () => {
    const asset = readdirSync(join(webDistDir(), 'assets')).find((f) => f.endsWith('.js')) as string;
    const res = await t.http.get(`/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    expect((await t.http.get('/assets/khong-co-tep-nay.js')).status).toBe(404);
  });

  it('leaves /api alone: an unknown API path is still the JSON 404 error shape', async () => {
    const res = await t.http.get('/api/v1/khong-co-duong-nay').set('Accept', 'text/html,application/json');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.error.code).toBeDefined();
  });
});
