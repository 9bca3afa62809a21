import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const metricsToken = 'metrics-token-0123456789abcdef';

describe('/metrics with EMDASH_METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { metricsToken } });
  });
  afterAll(async () => t.close());

  it('answers the scraper that sends the token', async () => {
    const response = await t.call({ method: 'GET', url: '/metrics', auth: metricsToken });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('emdash_http_requests_total');
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'metrics-token-0123456789abcdeX'],
    ['the admin API key', undefined],
  ])('refuses %s with problem+json and no figures', async (_name, auth) => {
    const response = await t.call({ method: 'GET', url: '/metrics', auth });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'unauthenticated' });
    expect(response.body).not.toContain('emdash_');
  });
});

describe('/metrics without a token configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('stays public', async () => {
    const response = await t.call({ method: 'GET', url: '/metrics', auth: null });
    expect(response.statusCode).toBe(200);
  });
});
