import { createHash, createHmac } from 'node:crypto';

/** How long an emailed sign-in link works, once. */
export const signInLinkLifetimeMs = 15 * 60_000;
/** A session lives this long after its last renewal (sliding). */
export const sessionLifetimeMs = 30 * 24 * 3_600_000;
/** A session in use is renewed at most this often, so reads do not write on every request. */
export const sessionRenewIntervalMs = 24 * 3_600_000;
/** Random base62 characters in a sign-in token or session token (~256 bits). */
export const secretTokenLength = 43;

/** Tokens are long random strings, so one SHA-256 is enough to store them: nothing to brute-force. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session: derived from the session token, which lives only in an HttpOnly
 * cookie, so another site can neither read nor compute it, and it needs no storage.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('emdash csrf v1').digest('base64url');
}

export type SignInTokenState = 'valid' | 'used' | 'expired';

export function signInTokenState(
  token: { expiresAt: Date; usedAt: Date | null },
  now: Date,
): SignInTokenState {
  if (token.usedAt) return 'used';
  return now.getTime() < token.expiresAt.getTime() ? 'valid' : 'expired';
}

export function sessionIsLive(session: { expiresAt: Date; revokedAt: Date | null }, now: Date): boolean {
  return !session.revokedAt && now.getTime() < session.expiresAt.getTime();
}

export function sessionNeedsRenewal(session: { renewedAt: Date }, now: Date): boolean {
  return now.getTime() - session.renewedAt.getTime() >= sessionRenewIntervalMs;
}
