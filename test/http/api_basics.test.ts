import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

describe('API basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers /healthz once migrated', async () => {
    const response = await t.call({ method: 'GET', url: '/healthz', auth: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('tags API responses with a request id and counts them in Prometheus metrics', async () => {
    const response = await t.call({
      method: 'GET',
      url: '/healthz',
      auth: null,
      headers: { 'x-request-id': 'req-abc' },
    });
    expect(response.headers['x-request-id']).toBe('req-abc');
    const metrics = await t.call({ method: 'GET', url: '/metrics', auth: null });
    expect(metrics.body).toMatch(
      /emdash_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/,
    );
  });

  it('serves an OpenAPI document that lists the public contract', async () => {
    const response = await t.call({ method: 'GET', url: '/openapi.json', auth: null });
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/keys', '/v1/affiliates', '/v1/links']),
    );
  });

  it('creates a key that works once and is stored only hashed', async () => {
    const created = await t.call({
      method: 'POST',
      url: '/v1/keys',
      payload: { scope: 'track', name: 'backend' },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json() as { key: string; id: string };
    const rows = await t.context.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [id],
    );
    expect(rows[0]!.key_hash).not.toContain(key);
    expect(rows[0]!.key_hash).toHaveLength(64);
    const forbidden = await t.call({
      method: 'POST',
      url: '/v1/affiliates',
      auth: key,
      payload: { email: 'a@b.io', name: 'A' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a missing or unknown key with problem+json 401', async () => {
    for (const auth of [null, 'emd_admin_nope']) {
      const response = await t.call({
        method: 'POST',
        url: '/v1/keys',
        auth,
        payload: { scope: 'admin', name: 'x' },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        status: 401,
        code: 'unauthenticated',
        requestId: expect.any(String),
      });
    }
  });

  it('answers malformed JSON, wrong types and unknown routes with 4xx problem+json', async () => {
    const malformed = await t.call({
      method: 'POST',
      url: '/v1/affiliates',
      payload: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'malformed_json' });
    const wrongType = await t.call({
      method: 'POST',
      url: '/v1/affiliates',
      payload: { email: 42, name: 'x' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({ code: 'validation_failed', path: 'body.email' });
    const unknown = await t.call({ method: 'GET', url: '/v1/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const count = await t.context.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM affiliates');
    expect(count[0]!.n).toBe(0);
  });

  it('creates affiliates and links, and refuses non-http destinations', async () => {
    const affiliate = await t.call({
      method: 'POST',
      url: '/v1/affiliates',
      payload: { email: 'Dev@Example.com', name: 'Dev', kind: 'developer' },
    });
    expect(affiliate.statusCode).toBe(201);
    const { id } = affiliate.json() as { id: string };
    const bad = await t.call({
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId: id, destination: 'javascript:alert(1)' },
    });
    expect(bad.statusCode).toBe(400);
    const link = await t.call({
      method: 'POST',
      url: '/v1/links',
      payload: { affiliateId: id, destination: 'https://emdash.dev/start', tag: 'blog-post' },
    });
    expect(link.statusCode).toBe(201);
    const { code, url } = link.json() as { code: string; url: string };
    expect(url).toBe(`http://emdash.test/r/${code}/blog-post`);
    const read = await t.call({ method: 'GET', url: `/v1/links/${code}` });
    expect(read.json()).toMatchObject({ code, clicks: 0, signups: 0, activated: 0, paid: 0, sustained: 0 });
    const duplicate = await t.call({
      method: 'POST',
      url: '/v1/affiliates',
      payload: { email: 'dev@example.com', name: 'Again' },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('answers 404 to the clock endpoint only without a simulated clock; moves forward only', async () => {
    const forward = await t.call({
      method: 'POST',
      url: '/v1/admin/clock',
      payload: { now: '2026-02-01T00:00:00Z' },
    });
    expect(forward.statusCode).toBe(200);
    const back = await t.call({
      method: 'POST',
      url: '/v1/admin/clock',
      payload: { now: '2026-01-01T00:00:00Z' },
    });
    expect(back.statusCode).toBe(409);
  });
});

describe('hostile input never answers 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers NUL bytes and odd characters in ids and names with 4xx', async () => {
    const requests = [
      { method: 'GET' as const, url: '/v1/affiliates/aff_%00x' },
      { method: 'GET' as const, url: '/v1/links/abc%00def' },
      { method: 'POST' as const, url: '/v1/links', payload: { affiliateId: 'aff_\u0000' } },
      {
        method: 'POST' as const,
        url: '/v1/affiliates',
        payload: { email: 'nul@example.dev', name: 'N\u0000L' },
      },
      {
        method: 'POST' as const,
        url: '/v1/keys',
        payload: { scope: 'affiliate', name: 'k', affiliateId: '\u0000' },
      },
    ];
    for (const request of requests) {
      const response = await t.call(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${request.method} ${request.url}`).toBeLessThan(500);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const rows = await t.context.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM affiliates');
    expect(rows[0]!.n).toBe(0);
  });
});
