import type { Context } from '../app/context.js';
import { randomBase62 } from '../platform/ids.js';
import { normalizeEmail } from '../referrals/rules/email.js';
import type { Mailer, SignInMail } from './mailer.js';
import { signInUrl } from './mailer.js';
import { hashSecretToken, secretTokenLength, signInLinkLifetimeMs } from './secrets.js';
import { insertSignInToken } from './storage/sign_in_tokens_store.js';
import { findUserByEmail, type User } from './storage/users_store.js';
import { userMayActNow } from './user_may_act_now.js';

/** Where links point when `EMDASH_PUBLIC_URL` is not set. */
export function publicUrlOf(context: Context): string {
  return context.config.publicUrl ?? `http://localhost:${context.config.port}`;
}

/**
 * Sends a one-time sign-in link to a known user. An unknown email gets nothing and the caller
 * answers the same either way, so the endpoint cannot be used to probe for accounts.
 */
export async function requestSignInLink(context: Context, mailer: Mailer, email: string): Promise<void> {
  const user = await findUserByEmail(context.db, normalizeEmail(email));
  // A pending or rejected applicant gets no link until a program manager approves it.
  if (!user || !(await userMayActNow(context.db, user))) return;
  await sendSignInLink(context, mailer, user, 'sign_in');
}

export async function sendSignInLink(
  context: Context,
  mailer: Mailer,
  user: User,
  reason: SignInMail['reason'],
): Promise<void> {
  const token = randomBase62(secretTokenLength);
  const now = context.clock.now();
  await insertSignInToken(context.db, {
    tokenHash: hashSecretToken(token),
    userId: user.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + signInLinkLifetimeMs),
    usedAt: null,
  });
  await mailer.sendSignInLink({ to: user.email, url: signInUrl(publicUrlOf(context), token), reason });
}
