import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppRoutes, webDistDir } from '../../src/app/http/web_app.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { ensureWebAppBuilt } from './support/web_server.js';

describe('the web app is served by the API server', () => {
  let t: TestApp;
  beforeAll(async () => {
    ensureWebAppBuilt();
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers every client route with the app page, never cached', async () => {
    for (const url of [...webAppRoutes, '/dashboard/links/']) {
      const response = await t.call({ method: 'GET', url, auth: null });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toContain('<div id="root"></div>');
    }
  });

  it('serves the hashed scripts it references with a long cache', async () => {
    const index = readFileSync(`${webDistDir}/index.html`, 'utf8');
    const script = index.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const response = await t.call({ method: 'GET', url: script as string, auth: null });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('shadows no API, redirect or documentation path', async () => {
    const api = await t.call({ method: 'GET', url: '/v1/no-such-thing', auth: null });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const unknownPage = await t.call({ method: 'GET', url: '/dashboard/no-such-page', auth: null });
    expect(unknownPage.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missingAsset = await t.call({ method: 'GET', url: '/assets/missing.js', auth: null });
    expect(missingAsset.statusCode).toBe(404);
    const openapi = await t.call({ method: 'GET', url: '/openapi.json', auth: null });
    expect(openapi.json()).toHaveProperty('openapi');
    const health = await t.call({ method: 'GET', url: '/healthz', auth: null });
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    const redirect = await t.call({ method: 'GET', url: '/r/unknown-code', auth: null });
    expect(redirect.statusCode).toBe(404);
    expect(redirect.body).not.toContain('<div id="root"></div>');
  });
});
