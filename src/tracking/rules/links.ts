/** Link codes: URL-safe, short enough to type, long enough not to guess. */
export const linkCodePattern = /^[A-Za-z0-9_-]{3,64}$/;
export const generatedLinkCodeLength = 8;
/** Content tags name a blog post, repository or video: `/r/{code}/{tag}`. */
export const contentTagPattern = /^[A-Za-z0-9_.-]{1,64}$/;
export const destinationLengthMax = 2048;

/** A link redirects and counts until the moment it is disabled; from then on its code is unknown. */
export function isLinkLive(link: { disabledAt: Date | null }, now: Date): boolean {
  return link.disabledAt === null || link.disabledAt.getTime() > now.getTime();
}

/** Only absolute http(s) URLs may be redirect destinations (no javascript:, data:, …). */
export function isAllowedDestination(value: string): boolean {
  if (value.length > destinationLengthMax) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** The destination's host, lowercase and without the trailing dot of a fully qualified name. */
export function destinationHost(destination: string): string {
  return new URL(destination).hostname.toLowerCase().replace(/\.$/, '');
}

/** `emdash.dev` allows emdash.dev and every subdomain of it, never `evilemdash.dev`. */
export function isDestinationHostAllowed(destination: string, allowedHosts: readonly string[]): boolean {
  const host = destinationHost(destination);
  return allowedHosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** Adds the click id to the destination's query, keeping what is there. */
export function destinationWithClickId(destination: string, clickId: string | null): string {
  if (!clickId) return destination;
  const url = new URL(destination);
  url.searchParams.set('emd_click', clickId);
  return url.toString();
}

/** Where a click id goes in a destination's redirect: `beforeClickId + clickId + afterClickId`. */
export interface ClickIdLocation {
  beforeClickId: string;
  afterClickId: string;
}

const clickIdMarkers = ['clk_00000000000000000000', 'clk_ZZZZZZZZZZZZZZZZZZZZ'] as const;

/**
 * `destinationWithClickId` cut around the click id once per link, so the redirect joins three
 * strings instead of parsing the URL for every click. Click ids are base62, which no URL encoding
 * changes, so the join equals the parsed result; null when a destination already holds a marker
 * text and the cut is not certain (then each redirect parses).
 */
export function clickIdLocationOf(destination: string): ClickIdLocation | null {
  const [first, second] = clickIdMarkers;
  const marked = destinationWithClickId(destination, first);
  const at = marked.indexOf(first);
  if (at < 0) return null;
  const location = { beforeClickId: marked.slice(0, at), afterClickId: marked.slice(at + first.length) };
  const check = destinationWithClickId(destination, second);
  return check === `${location.beforeClickId}${second}${location.afterClickId}` ? location : null;
}
