import ipaddr from 'ipaddr.js';

export const webhookUrlLengthMax = 2048;

/** Names that never lead to a public host, whatever a resolver answers for them. */
const localNameSuffixes = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.localdomain'];

/**
 * Why `value` may not be a partner's webhook endpoint, or null when it may. Without
 * `allowPrivate` only https URLs on public hosts pass: an IP literal must be a public unicast
 * address, and a name must not be a local one (`localhost`, `*.internal`, a single label …).
 * The name's DNS answers are checked apart (at registration, and again at every connection).
 */
export function webhookUrlRefusal(value: string, options: { allowPrivate: boolean }): string | null {
  if (value.length > webhookUrlLengthMax)
    return `the endpoint URL is longer than ${webhookUrlLengthMax} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'the endpoint must be an absolute https URL';
  }
  const secureOnly = !options.allowPrivate;
  if (url.protocol !== 'https:' && (secureOnly || url.protocol !== 'http:')) {
    return secureOnly ? 'the endpoint must be an https URL' : 'the endpoint must be an http(s) URL';
  }
  if (url.username || url.password) return 'the endpoint URL may not carry a user name or password';
  const host = hostOf(url);
  if (host.length === 0) return 'the endpoint URL has no host';
  if (options.allowPrivate) return null;
  if (ipaddr.isValid(host)) {
    return isPublicAddress(host) ? null : `the endpoint's address ${host} is not a public address`;
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  if (
    name === 'localhost' ||
    localNameSuffixes.some((suffix) => name.endsWith(suffix)) ||
    !name.includes('.')
  ) {
    return `the endpoint's host ${host} is not a public host name`;
  }
  return null;
}

/** A public unicast address; loopback, private, link-local, carrier NAT, reserved … are not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
  return ipaddr.process(address).range() === 'unicast';
}

/** The URL's host without the brackets of an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
