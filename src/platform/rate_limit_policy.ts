import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which limit a route answers to:
 * - `api`: per API key when the request carries a valid one, else per client address;
 * - `sign_in`: a stricter per-address limit, whatever the request carries (sign-in and
 *   application paths, where a flood means mail to strangers or fake applicants);
 * - `none`: never limited (health checks, metrics scrapes, Stripe's webhooks, static files).
 */
export type RateLimitPolicy = 'none' | 'api' | 'sign_in';

export interface RateLimits {
  perKeyMax: number;
  perAddressMax: number;
  signInPerAddressMax: number;
}

/** Routes that are never limited. The click redirect and the web app are outside the API scope altogether. */
const unlimitedRoutes = new Set(['/healthz', '/metrics', '/v1/webhooks/stripe', '/snippet.js']);

function isSignInRoute(method: string, url: string): boolean {
  if (url.startsWith('/v1/auth/') || url.startsWith('/auth/')) return true;
  return url === '/v1/applications' && method === 'POST';
}

/** A route's own `config.rateLimitPolicy` wins; otherwise its path decides. */
export function rateLimitPolicyFor(route: {
  method: string;
  url: string;
  configured?: RateLimitPolicy | undefined;
}): RateLimitPolicy {
  if (route.configured) return route.configured;
  if (unlimitedRoutes.has(route.url)) return 'none';
  return isSignInRoute(route.method, route.url) ? 'sign_in' : 'api';
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right];
}

/**
 * The address a per-address limit counts: an IPv4 address as it is; an IPv6 address by its /64
 * network, since one subscriber holds a whole /64; an IPv4-mapped IPv6 address as the IPv4 one.
 */
export function addressGroup(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const hextets = expandIpv6(ip.toLowerCase().split('%')[0]!);
  return `${hextets
    .slice(0, 4)
    .map((hextet) => hextet.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The counter a request increments. */
export function rateLimitKey(policy: 'api' | 'sign_in', apiKeyId: string | null, address: string): string {
  if (policy === 'sign_in') return `sign_in:${address}`;
  return apiKeyId ? `key:${apiKeyId}` : `address:${address}`;
}

export function rateLimitMax(counterKey: string, limits: RateLimits): number {
  if (counterKey.startsWith('key:')) return limits.perKeyMax;
  if (counterKey.startsWith('sign_in:')) return limits.signInPerAddressMax;
  return limits.perAddressMax;
}
