import type { Context } from '../app/context.js';
import type { Principal } from '../partners/authenticate_api_key.js';
import { sessionScopeFor, type UserRole } from './roles.js';
import {
  csrfTokenFor,
  hashSecretToken,
  sessionIsLive,
  sessionLifetimeMs,
  sessionNeedsRenewal,
} from './secrets.js';
import { findSessionByTokenHash, renewSession } from './storage/sessions_store.js';
import { findUserById, type User } from './storage/users_store.js';
import { userMayActNow } from './user_may_act_now.js';

export interface SignedIn {
  sessionId: string;
  user: User;
  roles: UserRole[];
  /** Null for a user whose roles grant no API scope. */
  principal: Principal | null;
  csrfToken: string;
  expiresAt: Date;
  /** Set when this request renewed the session: the cookies should be sent again. */
  renewedUntil: Date | null;
}

/** Resolves a session cookie's token to its live session and user; renews it at most daily. */
export async function authenticateSession(context: Context, sessionToken: string): Promise<SignedIn | null> {
  const session = await findSessionByTokenHash(context.db, hashSecretToken(sessionToken));
  const now = context.clock.now();
  if (!session || !sessionIsLive(session, now)) return null;
  const user = await findUserById(context.db, session.userId);
  // A suspended or rejected affiliate's sessions stop acting at once.
  if (!user || !(await userMayActNow(context.db, user))) return null;
  let renewedUntil: Date | null = null;
  if (sessionNeedsRenewal(session, now)) {
    renewedUntil = new Date(now.getTime() + sessionLifetimeMs);
    await renewSession(context.db, session.id, now, renewedUntil);
  }
  const scope = sessionScopeFor(user.roles, user.affiliateId);
  return {
    sessionId: session.id,
    user,
    roles: user.roles,
    principal: scope
      ? {
          keyId: session.id,
          scope,
          affiliateId: scope === 'affiliate' ? user.affiliateId : null,
          userId: user.id,
          via: 'session',
        }
      : null,
    csrfToken: csrfTokenFor(sessionToken),
    expiresAt: renewedUntil ?? session.expiresAt,
    renewedUntil,
  };
}
