import { describe, expect, it } from 'vitest';
import { signatureFreshnessRefusal, stripeSignedAt } from '../../src/billing/rules/stripe_signature.js';
import { jsonNestingExceeds } from '../../src/platform/rules/json_depth.js';

describe('the t= of a Stripe-Signature header', () => {
  it.each([
    ['t=1700000000,v1=abc', 1_700_000_000],
    ['v1=abc,t=1700000000,v0=def', 1_700_000_000],
    ['t=0,v1=abc', 0],
  ])('reads %s', (header, seconds) => {
    expect(stripeSignedAt(header)).toEqual({ signedAtSeconds: seconds });
  });

  it.each([
    ['v1=abc', 'found 0'],
    ['t=1,t=2,v1=abc', 'found 2'],
    ['t=1700000000,v1=abc,t=1700000000', 'found 2'],
    ['t=abc,v1=x', 'not a number'],
    ['t=17e8,v1=x', 'not a number'],
    ['t=1700000000=1,v1=x', 'not a number'],
    ['t=,v1=x', 'not a number'],
  ])('refuses %s', (header, refusal) => {
    const reading = stripeSignedAt(header);
    expect('refusal' in reading && reading.refusal).toContain(refusal);
  });

  it('counts " t=" (with a space) as no timestamp, as the SDK does', () => {
    expect(stripeSignedAt(' t=1700000000,v1=abc')).toMatchObject({
      refusal: expect.stringContaining('found 0'),
    });
  });
});

describe('signature freshness on the wall clock', () => {
  const nowMs = 1_700_000_000_000;
  it.each([
    [0, null],
    [300, null],
    [-300, null],
    [301, 'ago'],
    [-301, 'future'],
  ])('a signature %i s old', (ageSeconds, refusal) => {
    const verdict = signatureFreshnessRefusal(nowMs / 1000 - ageSeconds, nowMs);
    if (refusal === null) expect(verdict).toBeNull();
    else expect(verdict).toContain(refusal);
  });
});

describe('JSON nesting', () => {
  it.each([
    ['1', 0, false],
    ['{}', 1, false],
    ['{}', 0, true],
    ['{"a":[{"b":[]}]}', 4, false],
    ['{"a":[{"b":[]}]}', 3, true],
    ['{"a":"[[[[[[[[[["}', 1, false],
    ['{"a":"\\"[[[[[["}', 1, false],
    ['[[],[],[]]', 2, false],
  ])('%s within %i levels: exceeds = %s', (text, depthMax, exceeds) => {
    expect(jsonNestingExceeds(text, depthMax)).toBe(exceeds);
  });

  it('stops early on 20,000 levels', () => {
    expect(jsonNestingExceeds('['.repeat(20_000) + ']'.repeat(20_000), 64)).toBe(true);
  });
});
