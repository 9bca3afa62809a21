import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { redisForTests, testRedisUrl } from '../support/redis.js';
import { expectRateLimited, lowLimits, usage } from './rate_limit_support.js';

const redisUp = await redisForTests();

/** Addresses unique to this run, as the Redis counters outlive a test run for their window. */
function runAddress(): string {
  const random = () => Math.floor(Math.random() * 254) + 1;
  return `100.${64 + Math.floor(Math.random() * 64)}.${random()}.${random()}`;
}

describe.runIf(redisUp)('rate limits shared through Redis (REDIS_URL)', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ config: { rateLimit: lowLimits, redisUrl: testRedisUrl } });
    second = await startTestApp({ config: { rateLimit: lowLimits, redisUrl: testRedisUrl } });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('an address limited on one process is limited on the other', async () => {
    const address = runAddress();
    for (let request = 0; request < lowLimits.perAddressMax; request += 1) {
      const app = request % 2 === 0 ? first : second;
      expect((await app.call(usage(null, address))).statusCode).toBe(401);
    }
    expectRateLimited(await first.call(usage(null, address)));
    expectRateLimited(await second.call(usage(null, address)));
  });
});
