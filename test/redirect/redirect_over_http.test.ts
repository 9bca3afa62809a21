import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAgent, createLink, storedClicks } from './support.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over a real socket, so the listening server's path (ahead of the router) answers. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk) => {
          body += chunk;
        });
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const browser = { 'user-agent': browserAgent };

describe('click redirect over HTTP (answered before the router)', () => {
  let t: TestApp;
  let port: number;
  let code: string;
  const destination = 'https://emdash.dev/start?utm_source=blog&x=a%20b#pricing';

  beforeAll(async () => {
    t = await startTestApp({ config: { trustedProxies: ['127.0.0.1'] } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    ({ code } = await createLink(t, { destination }));
  });
  afterAll(async () => t.close());

  it('answers 302 with the location and cookie the in-process route gives, and stores the click', async () => {
    const answer = await send(port, `/r/${code}`, {
      headers: { ...browser, 'x-forwarded-for': '198.51.100.50' },
    });
    expect(answer.status).toBe(302);
    const location = new URL(String(answer.headers.location));
    const clickId = location.searchParams.get('emd_click')!;
    expect(clickId).toMatch(/^clk_[0-9A-Za-z]{20}$/);
    const expected = new URL(destination);
    expected.searchParams.set('emd_click', clickId);
    expect(answer.headers.location).toBe(expected.toString());
    expect(answer.headers['set-cookie']).toEqual([
      `emd_click=${clickId}; Max-Age=${90 * 86_400}; Path=/; HttpOnly; SameSite=Lax`,
    ]);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toBe('');
    expect((await storedClicks(t)).find((click) => click.id === clickId)).toMatchObject({ counted: true });
  });

  it('believes X-Forwarded-For from the trusted proxy: two addresses, two counted visitors', async () => {
    const { code: own } = await createLink(t);
    const clickIds: string[] = [];
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.1']) {
      const answer = await send(port, `/r/${own}`, { headers: { ...browser, 'x-forwarded-for': address } });
      clickIds.push(new URL(String(answer.headers.location)).searchParams.get('emd_click')!);
    }
    const clicks = await storedClicks(t);
    const counted = clickIds.map((id) => clicks.find((click) => click.id === id)?.counted);
    expect(counted).toEqual([true, true, false]);
  });

  it('redirects HEAD, bots and a trailing slash; takes the tag from the path', async () => {
    const head = await send(port, `/r/${code}`, { method: 'HEAD', headers: browser });
    expect(head.status).toBe(302);
    expect(head.headers.location).toBe(destination);
    expect(head.headers['set-cookie']).toBeUndefined();
    const bot = await send(port, `/r/${code}`, { headers: { 'user-agent': 'Googlebot/2.1' } });
    expect(bot.status).toBe(302);
    expect(bot.headers.location).toBe(destination);
    expect(bot.headers['set-cookie']).toBeUndefined();
    const tagged = await send(port, `/r/${code}/launch-post/?ref=x`, { headers: browser });
    expect(tagged.status).toBe(302);
    const clickId = new URL(String(tagged.headers.location)).searchParams.get('emd_click');
    expect((await storedClicks(t)).find((click) => click.id === clickId)?.tag).toBe('launch-post');
  });

  it('answers unknown codes, hostile paths and other methods with the 404 page', async () => {
    for (const path of [
      '/r/no-such-code',
      '/r/%ZZ',
      '/r/abc/def/ghi',
      `/r/${'a'.repeat(500)}`,
      '/r/',
      '/r/..',
    ]) {
      const answer = await send(port, path, { headers: browser });
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(answer.body, path).toContain('Link not found');
    }
    const posted = await send(port, `/r/${code}`, { method: 'POST', headers: browser });
    expect(posted.status).toBe(404);
    expect(posted.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('counts outcomes in emdash_redirects_total', async () => {
    await send(port, '/r/still-no-such-code', { headers: browser });
    const metrics = await send(port, '/metrics');
    expect(metrics.body).toMatch(/emdash_redirects_total\{outcome="click"\} [1-9]/);
    expect(metrics.body).toMatch(/emdash_redirects_total\{outcome="bot"\} [1-9]/);
    expect(metrics.body).toMatch(/emdash_redirects_total\{outcome="unknown_code"\} [1-9]/);
  });
});
