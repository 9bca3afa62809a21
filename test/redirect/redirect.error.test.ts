import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createLink, storedClicks, visit } from './support.js';

describe('click redirect on unknown codes and hostile paths', () => {
  let t: TestApp;
  let code: string;
  beforeAll(async () => {
    t = await startTestApp();
    ({ code } = await createLink(t));
  });
  afterAll(async () => t.close());

  it('answers an unknown code with a small HTML 404 page', async () => {
    const response = await visit(t, '/r/no-such-code');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('Link not found');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('answers a disabled link with the 404 page', async () => {
    const disabled = await createLink(t);
    await t.context.db.query('UPDATE links SET disabled_at = $1 WHERE code = $2', [
      t.clock.now(),
      disabled.code,
    ]);
    const response = await visit(t, `/r/${disabled.code}`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
  });

  const hostilePaths = (code: string) => [
    `/r/${'a'.repeat(10_000)}`,
    `/r/${code}/${'t'.repeat(5_000)}`,
    '/r/%00',
    '/r/abc%00def',
    '/r/%E0%A4%A',
    '/r/%ZZ',
    '/r/../../etc/passwd',
    '/r/%2e%2e/%2e%2e/v1/keys',
    '/r/%F0%9F%98%80%F0%9F%98%80',
    '/r/<script>alert(1)</script>',
    "/r/abc'%20OR%201=1--",
    '/r/abc/def/ghi',
    '/r//',
    '/r/%25%25%25',
    '/r/abc;def',
    '/r/abc?emd_click=%ZZ&&&=',
  ];

  it('never answers 500 to a hostile path, and stores nothing for it', async () => {
    const before = (await storedClicks(t)).length;
    for (const path of hostilePaths(code)) {
      const response = await visit(t, path);
      expect(response.statusCode, path).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, path).toBeLessThan(500);
    }
    expect((await storedClicks(t)).length).toBe(before);
  });

  it('resolves /r/.. to the web app at /, never to a redirect', async () => {
    const before = (await storedClicks(t)).length;
    const response = await visit(t, '/r/..');
    expect(Math.floor(response.statusCode / 100)).not.toBe(3);
    expect(response.statusCode).not.toBe(500);
    expect(response.headers.location).toBeUndefined();
    expect((await storedClicks(t)).length).toBe(before);
  });

  it('answers hostile paths under /r/ with the HTML page, not JSON', async () => {
    for (const path of [`/r/${'a'.repeat(10_000)}`, '/r/%E0%A4%A', '/r/%00', '/r/abc/def/ghi']) {
      const response = await visit(t, path);
      expect(response.statusCode, path).toBe(404);
      expect(response.headers['content-type'], path).toBe('text/html; charset=utf-8');
    }
  });

  it('ignores a malformed emd_click cookie and still records the click', async () => {
    const response = await visit(t, `/r/${code}`, {
      ip: '198.51.100.99',
      cookie: "emd_click=clk_'; DROP TABLE clicks;--",
    });
    expect(response.statusCode).toBe(302);
    const clicks = await storedClicks(t);
    expect(clicks.at(-1)).toMatchObject({ prior_click_id: null, counted: true });
  });
});
