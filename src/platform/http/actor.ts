import type { Principal } from '../../partners/authenticate_api_key.js';

/**
 * Who did an audited admin action, as stored beside it: `user:<id>` for a signed-in user,
 * `key:<id>` for an API key. Guards run first, so a principal is always there on guarded routes.
 */
export function actorOf(principal: Principal | null): string {
  if (!principal) return 'unknown';
  return principal.userId ? `user:${principal.userId}` : `key:${principal.keyId}`;
}
