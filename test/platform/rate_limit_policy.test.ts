import { describe, expect, it } from 'vitest';
import {
  addressGroup,
  rateLimitKey,
  rateLimitMax,
  rateLimitPolicyFor,
} from '../../src/platform/rate_limit_policy.js';

describe('rate-limit policy', () => {
  it.each([
    ['GET', '/healthz', 'none'],
    ['GET', '/metrics', 'none'],
    ['POST', '/v1/webhooks/stripe', 'none'],
    ['GET', '/snippet.js', 'none'],
    ['POST', '/v1/auth/magic-link', 'sign_in'],
    ['GET', '/auth/verify', 'sign_in'],
    ['POST', '/v1/applications', 'sign_in'],
    ['GET', '/v1/applications', 'api'],
    ['POST', '/v1/track/usage', 'api'],
    ['GET', '/v1/keys', 'api'],
  ] as const)('%s %s → %s', (method, url, policy) => {
    expect(rateLimitPolicyFor({ method, url })).toBe(policy);
  });

  it('lets a route’s own config choose', () => {
    expect(rateLimitPolicyFor({ method: 'POST', url: '/v1/invitations', configured: 'sign_in' })).toBe(
      'sign_in',
    );
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('counts %s as %s', (ip, group) => {
    expect(addressGroup(ip)).toBe(group);
  });

  it('counts a valid key by its id, anything else by address, sign-in always by address', () => {
    expect(rateLimitKey('api', 'key_1', '203.0.113.7')).toBe('key:key_1');
    expect(rateLimitKey('api', null, '203.0.113.7')).toBe('address:203.0.113.7');
    expect(rateLimitKey('sign_in', null, '203.0.113.7')).toBe('sign_in:203.0.113.7');
    const limits = { perKeyMax: 100, perAddressMax: 10, signInPerAddressMax: 2 };
    expect(rateLimitMax('key:key_1', limits)).toBe(100);
    expect(rateLimitMax('address:203.0.113.7', limits)).toBe(10);
    expect(rateLimitMax('sign_in:203.0.113.7', limits)).toBe(2);
  });
});
