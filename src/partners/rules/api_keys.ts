import { createHash } from 'node:crypto';

export const apiKeyScopes = ['admin', 'track', 'affiliate'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** Keys are long random strings, so one SHA-256 is enough: there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The scopes a key's own scope grants: admin keys may also track. */
export function scopeGrants(keyScope: ApiKeyScope, required: ApiKeyScope): boolean {
  if (keyScope === required) return true;
  return keyScope === 'admin' && required === 'track';
}
