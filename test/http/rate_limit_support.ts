import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { RateLimitConfig } from '../../src/platform/config.js';
import type { TestApp } from '../support/app.js';

/** Low limits in a window far longer than any test, so no count depends on speed. */
export const lowLimits: RateLimitConfig = {
  windowSeconds: 3_600,
  perKeyMax: 5,
  perAddressMax: 3,
  signInPerAddressMax: 2,
};

let addressSerial = 0;
/** A client address no other test in this file uses. */
export function newAddress(): string {
  addressSerial += 1;
  return `198.18.${addressSerial >> 8}.${addressSerial & 255}`;
}

export function usage(auth: string | null, remoteAddress: string) {
  return {
    method: 'POST' as const,
    url: '/v1/track/usage',
    payload: { events: [] },
    auth,
    remoteAddress,
  };
}

export function expectRateLimited(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.json()).toMatchObject({ code: 'rate_limited', status: 429 });
}

export async function newTrackKey(t: TestApp): Promise<string> {
  const created = await t.call({ method: 'POST', url: '/v1/keys', payload: { scope: 'track', name: 'rl' } });
  return (created.json() as { key: string }).key;
}
