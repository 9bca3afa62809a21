import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { createLink } from '../redirect/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectRateLimited, lowLimits, newAddress, newTrackKey, usage } from './rate_limit_support.js';

describe('rate limits', () => {
  it('default to limits the suite never reaches, from the environment otherwise', () => {
    expect(loadConfig({}).rateLimit).toEqual({
      windowSeconds: 60,
      perKeyMax: 100_000,
      perAddressMax: 3_000,
      signInPerAddressMax: 100,
    });
    expect(
      loadConfig({ EMDASH_RATE_LIMIT_PER_KEY: '50', EMDASH_RATE_LIMIT_WINDOW_SECONDS: '10' }).rateLimit,
    ).toMatchObject({ perKeyMax: 50, windowSeconds: 10 });
    expect(() => loadConfig({ EMDASH_RATE_LIMIT_PER_ADDRESS: '0' })).toThrow(/EMDASH_RATE_LIMIT_PER_ADDRESS/);
  });

  describe('with low limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ config: { rateLimit: lowLimits } });
    });
    afterAll(async () => t.close());

    it('counts a valid key by the key, from any address, and each key apart', async () => {
      const key = await newTrackKey(t);
      for (let request = 0; request < lowLimits.perKeyMax; request += 1) {
        expect((await t.call(usage(key, newAddress()))).statusCode).toBe(200);
      }
      const limited = await t.call(usage(key, newAddress()));
      expectRateLimited(limited);
      expect(limited.headers['x-request-id']).toBeTruthy();
      expect((await t.call(usage(await newTrackKey(t), newAddress()))).statusCode).toBe(200);
    });

    it('counts a missing or wrong key by address; a valid key from that address still works', async () => {
      const address = newAddress();
      const attempts = [null, 'emd_track_wrong', null];
      for (const auth of attempts) expect((await t.call(usage(auth, address))).statusCode).toBe(401);
      expectRateLimited(await t.call(usage('emd_track_other', address)));
      expect((await t.call(usage('emd_track_wrong', newAddress()))).statusCode).toBe(401);
      expect((await t.call(usage(await newTrackKey(t), address))).statusCode).toBe(200);
    });

    it('holds sign-in to a stricter per-address limit, even with a valid key', async () => {
      const address = newAddress();
      const signIn = (remoteAddress: string) =>
        t.call({
          method: 'POST',
          url: '/v1/auth/magic-link',
          payload: { email: 'someone@dev.io' },
          remoteAddress,
        });
      for (let request = 0; request < lowLimits.signInPerAddressMax; request += 1) {
        expect((await signIn(address)).statusCode).toBe(202);
      }
      expectRateLimited(await signIn(address));
      expect((await signIn(newAddress())).statusCode).toBe(202);
      const application = await t.call({
        method: 'POST',
        url: '/v1/applications',
        payload: {},
        remoteAddress: address,
      });
      expectRateLimited(application);
    });

    it('never limits health, metrics, the snippet, Stripe webhooks or the redirect', async () => {
      const { code } = await createLink(t);
      const address = newAddress();
      for (let request = 0; request < lowLimits.perAddressMax; request += 1) {
        await t.call(usage(null, address));
      }
      expectRateLimited(await t.call(usage(null, address)));
      for (let request = 0; request < 5; request += 1) {
        const answers = await Promise.all([
          t.call({ method: 'GET', url: '/healthz', auth: null, remoteAddress: address }),
          t.call({ method: 'GET', url: '/metrics', auth: null, remoteAddress: address }),
          t.call({ method: 'GET', url: '/snippet.js', auth: null, remoteAddress: address }),
          t.call({ method: 'GET', url: `/r/${code}`, auth: null, remoteAddress: address }),
          t.call({
            method: 'POST',
            url: '/v1/webhooks/stripe',
            auth: null,
            payload: '{}',
            headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
            remoteAddress: address,
          }),
        ]);
        for (const answer of answers) expect(answer.statusCode).not.toBe(429);
      }
    });

    it('ignores a spoofed X-Forwarded-For: the connection’s address is counted', async () => {
      const address = newAddress();
      for (let request = 0; request < lowLimits.perAddressMax; request += 1) {
        const answer = await t.call({
          ...usage(null, address),
          headers: { 'x-forwarded-for': newAddress() },
        });
        expect(answer.statusCode).toBe(401);
      }
      expectRateLimited(
        await t.call({ ...usage(null, address), headers: { 'x-forwarded-for': newAddress() } }),
      );
    });
  });

  describe('behind a trusted proxy', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ config: { rateLimit: lowLimits, trustedProxies: ['127.0.0.1'] } });
    });
    afterAll(async () => t.close());

    it('counts the client the proxy names', async () => {
      const proxied = (client: string) =>
        t.call({ ...usage(null, '127.0.0.1'), headers: { 'x-forwarded-for': client } });
      const client = newAddress();
      for (let request = 0; request < lowLimits.perAddressMax; request += 1) {
        expect((await proxied(client)).statusCode).toBe(401);
      }
      expectRateLimited(await proxied(client));
      expect((await proxied(newAddress())).statusCode).toBe(401);
    });
  });

  describe('with the shared store unreachable', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ config: { rateLimit: lowLimits, redisUrl: 'redis://127.0.0.1:1' } });
    });
    afterAll(async () => t.close());

    it('lets requests through rather than failing them', async () => {
      const address = newAddress();
      for (let request = 0; request <= lowLimits.perAddressMax + 1; request += 1) {
        expect((await t.call(usage(null, address))).statusCode).toBe(401);
      }
    });
  });
});
