import { describe, expect, it } from 'vitest';
import { isCountableVisit } from '../../src/tracking/rules/clicks.js';
import { isLinkLive } from '../../src/tracking/rules/links.js';

const browser =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

describe('which visits to a link count as clicks', () => {
  it.each([
    ['GET', browser, true],
    ['HEAD', browser, false],
    ['GET', undefined, false],
    ['GET', '', false],
    ['GET', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', false],
    ['GET', 'curl/8.5.0', false],
    ['GET', 'Googlebot/2.1 (+http://www.google.com/bot.html)', false],
  ] as const)('%s with %s counts: %s', (method, userAgent, counts) => {
    expect(isCountableVisit(method, userAgent)).toBe(counts);
  });
});

describe('when a link stops redirecting', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it.each([
    [null, true],
    [new Date('2026-06-01T12:00:01Z'), true],
    [new Date('2026-06-01T12:00:00Z'), false],
    [new Date('2026-05-01T00:00:00Z'), false],
  ])('disabled at %s: live %s', (disabledAt, live) => {
    expect(isLinkLive({ disabledAt }, now)).toBe(live);
  });
});
