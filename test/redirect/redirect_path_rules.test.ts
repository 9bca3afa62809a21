import proxyAddr from '@fastify/proxy-addr';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redirectTargetOf } from '../../src/tracking/http/redirect_handler.js';
import { BotVerdicts, clientAddressReader } from '../../src/tracking/http/visitor_identity.js';
import { clickIdLocationOf, destinationWithClickId } from '../../src/tracking/rules/links.js';

describe('the redirect path, read without the router', () => {
  const table: Array<[string, { code: string; tag: string | undefined } | null]> = [
    ['/r/abc', { code: 'abc', tag: undefined }],
    ['/r/abc/', { code: 'abc', tag: undefined }],
    ['/r/abc?emd=1&x', { code: 'abc', tag: undefined }],
    ['/r/abc/launch.post', { code: 'abc', tag: 'launch.post' }],
    ['/r/abc/launch-post/?utm=1', { code: 'abc', tag: 'launch-post' }],
    ['/r/%61bc', { code: 'abc', tag: undefined }],
    ['/r/', null],
    ['/r//', null],
    ['/r/ab', null],
    ['/r/abc/def/ghi', null],
    ['/r/%ZZ', null],
    ['/r/abc%00', null],
    ['/r/..', null],
    ['/r/abc;def', null],
    [`/r/${'a'.repeat(65)}`, null],
  ];
  it.each(table)('%s', (url, expected) => {
    expect(redirectTargetOf(url)).toEqual(expected);
  });
});

describe('the destination cut around the click id', () => {
  const clickId = 'clk_Ab3dEf6hIj9lMn2pQr5t';
  it.each([
    'https://emdash.dev',
    'https://emdash.dev/start?utm_source=blog&x=1#pricing',
    'https://emdash.dev/?emd_click=old&b=a%20b+c',
    'https://emdash.dev/p?q=%E2%82%AC&r=%2F',
    'https://emdash.dev/clk_00000000000000000000?x=clk_00000000000000000000',
  ])('joins to what parsing gives: %s', (destination) => {
    const location = clickIdLocationOf(destination);
    const joined = location ? location.beforeClickId + clickId + location.afterClickId : null;
    expect(joined ?? destinationWithClickId(destination, clickId)).toBe(
      destinationWithClickId(destination, clickId),
    );
  });

  it('equals destinationWithClickId for any query and fragment', () => {
    const text = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 4 }), fc.option(text), (pairs, fragment) => {
        const url = new URL('https://emdash.dev/start');
        for (const [name, value] of pairs) url.searchParams.append(name, value);
        if (fragment !== null) url.hash = fragment;
        const destination = url.toString();
        const location = clickIdLocationOf(destination);
        if (location) {
          expect(location.beforeClickId + clickId + location.afterClickId).toBe(
            destinationWithClickId(destination, clickId),
          );
        }
      }),
    );
  });
});

describe('bot verdicts per user agent', () => {
  it('answers as isbot does and keeps at most its bound, dropping the least recently used', () => {
    const verdicts = new BotVerdicts(2);
    expect(verdicts.isBot('Googlebot/2.1 (+http://www.google.com/bot.html)')).toBe(true);
    expect(verdicts.isBot('Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0')).toBe(
      false,
    );
    expect(verdicts.isBot('Googlebot/2.1 (+http://www.google.com/bot.html)')).toBe(true);
    expect(verdicts.isBot('curl/8.5.0')).toBe(true);
    expect(verdicts.size).toBe(2);
  });
});

describe('the visitor address', () => {
  const requestFrom = (remoteAddress: string, forwardedFor?: string) =>
    ({
      socket: { remoteAddress },
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    }) as never;

  it('is the connecting address when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddressReader([])(requestFrom('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
  });

  it('is the nearest untrusted X-Forwarded-For entry behind trusted proxies', () => {
    const read = clientAddressReader(['10.0.0.0/8', 'loopback']);
    expect(read(requestFrom('127.0.0.1', '198.51.100.1'))).toBe('198.51.100.1');
    expect(read(requestFrom('127.0.0.1', '198.51.100.1, 10.1.2.3'))).toBe('198.51.100.1');
    expect(read(requestFrom('127.0.0.1', '198.51.100.1, 203.0.113.5'))).toBe('203.0.113.5');
    expect(read(requestFrom('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
  });

  it('is what proxy-addr (Fastify’s request.ip) answers, for any X-Forwarded-For', () => {
    const trustedProxies = ['10.0.0.0/8', '127.0.0.1', '::1'];
    const read = clientAddressReader(trustedProxies);
    const trusts = proxyAddr.compile(trustedProxies);
    const address = fc.constantFrom(
      '10.1.2.3',
      '127.0.0.1',
      '::1',
      '198.51.100.7',
      '203.0.113.5',
      'unknown',
      '',
    );
    const separator = fc.constantFrom(',', ', ', ' ,', ',,', ' , ', '\t,');
    const header = fc
      .array(fc.tuple(address, separator), { maxLength: 5 })
      .map((parts) => parts.map(([entry, comma]) => entry + comma).join(''));
    fc.assert(
      fc.property(address, fc.option(header), (socket, forwardedFor) => {
        const request = requestFrom(socket, forwardedFor ?? undefined);
        expect(read(request)).toBe(proxyAddr(request, trusts));
      }),
    );
  });
});
