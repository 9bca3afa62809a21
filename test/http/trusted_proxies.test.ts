import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { browserAgent, createLink, storedClicks } from '../redirect/support.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** Two clicks from one connection that claim two different visitors in X-Forwarded-For. */
async function clicksClaimingTwoVisitors(t: TestApp, remoteAddress: string) {
  const { code } = await createLink(t);
  for (const claimed of ['198.51.100.1', '198.51.100.2']) {
    const response = await t.app.inject({
      method: 'GET',
      url: `/r/${code}`,
      headers: { 'user-agent': browserAgent, 'x-forwarded-for': claimed },
      remoteAddress,
    });
    expect(response.statusCode).toBe(302);
  }
  const linkId = (
    await t.context.db.query<{ id: string }>('SELECT id FROM links WHERE code = $1', [code])
  )[0]!.id;
  return (await storedClicks(t)).filter((click) => click.link_id === linkId);
}

describe('X-Forwarded-For is believed only from trusted proxies', () => {
  it('reads EMDASH_TRUSTED_PROXIES as addresses and CIDR ranges, none by default', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ EMDASH_TRUSTED_PROXIES: '10.0.0.0/8, ::1,loopback' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    expect(() => loadConfig({ EMDASH_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/EMDASH_TRUSTED_PROXIES/);
    expect(() => loadConfig({ EMDASH_TRUSTED_PROXIES: 'proxy.internal' })).toThrow(/EMDASH_TRUSTED_PROXIES/);
  });

  describe('with no proxy trusted (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('a spoofed X-Forwarded-For does not change the visitor: the second click is a repeat', async () => {
      const clicks = await clicksClaimingTwoVisitors(t, '203.0.113.9');
      expect(clicks).toHaveLength(2);
      expect(clicks[0]!.visitor_hash).toBe(clicks[1]!.visitor_hash);
      expect(clicks.filter((click) => click.counted)).toHaveLength(1);
    });
  });

  describe('behind a trusted proxy', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ config: { trustedProxies: ['127.0.0.0/8'] } });
    });
    afterAll(async () => t.close());

    it('the proxy’s X-Forwarded-For names the visitor: two visitors, two counted clicks', async () => {
      const clicks = await clicksClaimingTwoVisitors(t, '127.0.0.1');
      expect(clicks[0]!.visitor_hash).not.toBe(clicks[1]!.visitor_hash);
      expect(clicks.filter((click) => click.counted)).toHaveLength(2);
    });

    it('a client that is not the proxy still cannot choose its identity', async () => {
      const clicks = await clicksClaimingTwoVisitors(t, '203.0.113.9');
      expect(clicks[0]!.visitor_hash).toBe(clicks[1]!.visitor_hash);
      expect(clicks.filter((click) => click.counted)).toHaveLength(1);
    });
  });
});
