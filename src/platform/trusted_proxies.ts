import { isIP } from 'node:net';

/** Names that Fastify's proxy-addr understands for well-known ranges. */
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (namedRanges.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * `EMDASH_TRUSTED_PROXIES`: comma-separated addresses and CIDR ranges whose `X-Forwarded-For`
 * is believed. Empty means none: the connecting address is the client's.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const invalid = entries.filter((entry) => !isAddressOrRange(entry));
  if (invalid.length > 0) {
    throw new Error(
      `Invalid configuration: EMDASH_TRUSTED_PROXIES: ${invalid.join(', ')} is not an address, a CIDR range or loopback|linklocal|uniquelocal`,
    );
  }
  return entries;
}
