import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { isbot } from 'isbot';

/** User agents whose bot verdict is remembered; browsers send few distinct ones. */
export const botVerdictsMax = 4_096;

/**
 * `isbot` per user agent, remembered (least recently used goes first): its pattern is long, and a
 * link's visitors send a handful of user agents again and again.
 */
export class BotVerdicts {
  private readonly verdicts = new Map<string, boolean>();

  constructor(private readonly verdictsMax = botVerdictsMax) {}

  readonly isBot = (userAgent: string): boolean => {
    let verdict = this.verdicts.get(userAgent);
    if (verdict === undefined) {
      verdict = isbot(userAgent);
      if (this.verdicts.size >= this.verdictsMax) {
        const oldest = this.verdicts.keys().next();
        if (!oldest.done) this.verdicts.delete(oldest.value);
      }
      this.verdicts.set(userAgent, verdict);
    } else if (this.verdicts.size * 2 > this.verdictsMax) {
      // Order matters only once eviction is near: below half full a hit leaves the map alone.
      this.verdicts.delete(userAgent);
      this.verdicts.set(userAgent, verdict);
    }
    return verdict;
  };

  get size(): number {
    return this.verdicts.size;
  }
}

/** proxy-addr's named ranges (what Fastify accepts in `trustProxy`). */
const namedRanges: Record<string, readonly string[]> = {
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  loopback: ['127.0.0.1/8', '::1/128'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** `a.b.c.d` in plain decimal (no leading zeros) as an unsigned 32-bit number, else undefined. */
export function ipv4Number(address: string, from = 0): number | undefined {
  let value = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  for (let index = from; index <= address.length; index++) {
    const code = index < address.length ? address.charCodeAt(index) : 46;
    if (code === 46) {
      if (digits === 0 || octet > 255) return undefined;
      value = value * 256 + octet;
      octets += 1;
      octet = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (code - 48);
      digits += 1;
      if (digits > 3) return undefined;
    } else {
      return undefined;
    }
  }
  return octets === 4 ? value : undefined;
}

/**
 * Whether an address is one of the trusted proxies. Dotted IPv4 addresses (and IPv4-mapped IPv6
 * ones, which match IPv4 ranges as in proxy-addr) are compared as numbers; other IPv6 addresses go
 * to Node's `BlockList`. Anything that is not an address is not trusted.
 */
export function trustedProxyCheck(trustedProxies: readonly string[]): (address: string) => boolean {
  const ranges = new BlockList();
  const ipv4Ranges: Array<{ network: number; mask: number }> = [];
  for (const entry of trustedProxies.flatMap((proxy) => namedRanges[proxy] ?? [proxy])) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) ranges.addAddress(address, family);
    else ranges.addSubnet(address, Number(prefix), family);
    const ipv4 = family === 'ipv4' ? ipv4Number(address) : undefined;
    if (ipv4 !== undefined) {
      const bits = prefix === undefined ? 32 : Number(prefix);
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      ipv4Ranges.push({ network: (ipv4 & mask) >>> 0, mask });
    }
  }
  const inIpv4Ranges = (ipv4: number) =>
    ipv4Ranges.some(({ network, mask }) => (ipv4 & mask) >>> 0 === network);
  return (address) => {
    const ipv4 =
      ipv4Number(address) ??
      (address.startsWith('::ffff:') || address.startsWith('::FFFF:') ? ipv4Number(address, 7) : undefined);
    if (ipv4 !== undefined) return inIpv4Ranges(ipv4);
    return isIP(address) === 6 && ranges.check(address, 'ipv6');
  };
}

/**
 * The visitor's address as Fastify's `request.ip` reads it: the connecting address, or with
 * trusted proxies (EMDASH_TRUSTED_PROXIES) the nearest X-Forwarded-For entry that is not one of
 * them.
 */
export function clientAddressReader(trustedProxies: readonly string[]): (request: IncomingMessage) => string {
  if (trustedProxies.length === 0) return (request) => request.socket.remoteAddress ?? '';
  const trusted = trustedProxyCheck(trustedProxies);
  return (request) => {
    const socketAddress = request.socket.remoteAddress ?? '';
    const forwardedFor = request.headers['x-forwarded-for'];
    if (typeof forwardedFor !== 'string' || !trusted(socketAddress)) return socketAddress;
    return nearestUntrusted(socketAddress, forwardedFor, trusted);
  };
}

/**
 * Walks `X-Forwarded-For` from its right end (the hop nearest this server) to the first address
 * that is not a trusted proxy; when every one is trusted, the leftmost. Empty entries are skipped.
 * proxy-addr's answer (what Fastify's `request.ip` reads), without splitting the header into an
 * array per request.
 */
function nearestUntrusted(
  socketAddress: string,
  forwardedFor: string,
  trusted: (address: string) => boolean,
): string {
  let leftmost = socketAddress;
  let end = forwardedFor.length;
  while (end >= 0) {
    const comma = end === 0 ? -1 : forwardedFor.lastIndexOf(',', end - 1);
    const address = forwardedFor.slice(comma + 1, end).trim();
    end = comma;
    if (address === '') continue;
    if (!trusted(address)) return address;
    leftmost = address;
  }
  return leftmost;
}
