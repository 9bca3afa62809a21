import { describe, expect, it } from 'vitest';
import { sessionScopeFor } from '../../src/accounts/roles.js';
import {
  csrfTokenFor,
  sessionIsLive,
  sessionNeedsRenewal,
  sessionRenewIntervalMs,
  signInTokenState,
} from '../../src/accounts/secrets.js';
import { clearedCookies, csrfCookie, readCookie, sessionCookie } from '../../src/accounts/session_cookies.js';

const now = new Date('2026-03-01T12:00:00Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

describe('the scope a session acts with', () => {
  it.each([
    [['program_manager'], null, 'admin'],
    [['program_manager', 'affiliate'], 'aff_1', 'admin'],
    [['affiliate'], 'aff_1', 'affiliate'],
    [['agency_owner'], 'aff_2', 'affiliate'],
    [['agency_member'], 'aff_2', 'affiliate'],
    [['affiliate'], null, null],
  ] as const)('%j for %s → %s', (roles, affiliateId, scope) => {
    expect(sessionScopeFor(roles, affiliateId)).toBe(scope);
  });
});

describe('sign-in tokens and sessions over time', () => {
  it.each([
    [{ expiresAt: at(1), usedAt: null }, 'valid'],
    [{ expiresAt: at(0), usedAt: null }, 'expired'],
    [{ expiresAt: at(-1), usedAt: null }, 'expired'],
    [{ expiresAt: at(60_000), usedAt: at(-5) }, 'used'],
  ] as const)('token %j is %s', (token, state) => {
    expect(signInTokenState(token, now)).toBe(state);
  });

  it('a session is live until it expires or is revoked, and renews at most once a day', () => {
    expect(sessionIsLive({ expiresAt: at(1), revokedAt: null }, now)).toBe(true);
    expect(sessionIsLive({ expiresAt: at(0), revokedAt: null }, now)).toBe(false);
    expect(sessionIsLive({ expiresAt: at(60_000), revokedAt: at(-1) }, now)).toBe(false);
    expect(sessionNeedsRenewal({ renewedAt: at(-sessionRenewIntervalMs + 1) }, now)).toBe(false);
    expect(sessionNeedsRenewal({ renewedAt: at(-sessionRenewIntervalMs) }, now)).toBe(true);
  });

  it('derives a different CSRF token for every session token', () => {
    expect(csrfTokenFor('a'.repeat(43))).toBe(csrfTokenFor('a'.repeat(43)));
    expect(csrfTokenFor('a'.repeat(43))).not.toBe(csrfTokenFor(`${'a'.repeat(42)}b`));
    expect(csrfTokenFor('a'.repeat(43))).not.toContain('a'.repeat(10));
  });
});

describe('cookies', () => {
  it('keeps the session cookie from scripts and marks both Secure on https', () => {
    expect(sessionCookie('tok', { secure: true, maxAgeSeconds: 60 })).toBe(
      'emd_session=tok; Max-Age=60; Path=/; SameSite=Lax; Secure; HttpOnly',
    );
    expect(csrfCookie('csrf', { secure: false, maxAgeSeconds: 60 })).toBe(
      'emd_csrf=csrf; Max-Age=60; Path=/; SameSite=Lax',
    );
    expect(clearedCookies(false).every((cookie) => cookie.includes('Max-Age=0'))).toBe(true);
  });

  it.each([
    ['emd_session=abc', 'abc'],
    ['a=1; emd_session=abc; b=2', 'abc'],
    ['emd_session_x=zzz; emd_session=abc', 'abc'],
    ['emd_session=', null],
    ['other=1', null],
    [undefined, null],
  ] as const)('reads emd_session from %j', (header, value) => {
    expect(readCookie(header, 'emd_session')).toBe(value);
  });
});
