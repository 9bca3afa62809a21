import type { Context } from '../app/context.js';
import { randomBase62 } from '../platform/ids.js';
import {
  hashSecretToken,
  type SignInTokenState,
  secretTokenLength,
  sessionLifetimeMs,
  signInTokenState,
} from './secrets.js';
import { insertSession } from './storage/sessions_store.js';
import { lockSignInToken, markSignInTokenUsed } from './storage/sign_in_tokens_store.js';

export type VerifySignInResult =
  | { signedIn: true; sessionToken: string; userId: string; expiresAt: Date }
  | { signedIn: false; reason: Exclude<SignInTokenState, 'valid'> | 'unknown' };

/** Uses a sign-in token once and opens a session for its user, in one transaction. */
export async function verifySignInLink(context: Context, token: string): Promise<VerifySignInResult> {
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    const record = await lockSignInToken(tx, hashSecretToken(token));
    if (!record) return { signedIn: false, reason: 'unknown' };
    const state = signInTokenState(record, now);
    if (state !== 'valid') return { signedIn: false, reason: state };
    await markSignInTokenUsed(tx, record.tokenHash, now);
    const sessionToken = randomBase62(secretTokenLength);
    const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
    await insertSession(tx, {
      id: context.newId('ses'),
      tokenHash: hashSecretToken(sessionToken),
      userId: record.userId,
      createdAt: now,
      expiresAt,
      renewedAt: now,
      revokedAt: null,
    });
    return { signedIn: true, sessionToken, userId: record.userId, expiresAt };
  });
}
