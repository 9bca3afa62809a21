import { hash } from 'node:crypto';
import { isbot } from 'isbot';

/** Click ids are `clk_` and 20 base62 characters; anything else in a cookie is ignored. */
export const clickIdPattern = /^clk_[0-9A-Za-z]{20}$/;
export const clickCookieName = 'emd_click';
export const secondsPerDay = 86_400;

/**
 * Whether a visit to a link is a person's click that counts: browsers always send a user agent,
 * while link previews and scanners often use HEAD or name themselves. Others are redirected uncounted.
 */
export function isCountableVisit(
  method: string,
  userAgent: string | undefined,
  isBotAgent: (userAgent: string) => boolean = isbot,
): userAgent is string {
  return userAgent !== undefined && userAgent !== '' && method === 'GET' && !isBotAgent(userAgent);
}

/**
 * The visitor as dedupe sees it: SHA-256 of salt, IP and user agent, salted so that a stored hash
 * cannot be reversed to an IP. The digest is the one stored clicks already carry, so a visitor's
 * clicks before and after an upgrade still dedupe and attribute together.
 */
export function visitorHash(salt: string, ip: string, userAgent: string): string {
  // One call (Node 20.12+), without a Hash object per click.
  return hash('sha256', `${salt}\n${ip}\n${userAgent}`, 'hex');
}

/** `Set-Cookie` value holding the click id for the attribution window. */
export function clickCookie(clickId: string, cookieWindowDays: number): string {
  return `${clickCookieName}=${clickId}; Max-Age=${cookieWindowDays * secondsPerDay}; Path=/; HttpOnly; SameSite=Lax`;
}

/** The `emd_click` value of a Cookie header, when it holds a well-formed click id. */
export function clickIdFromCookieHeader(header: string | undefined): string | null {
  if (!header?.includes(clickCookieName)) return null;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== clickCookieName) continue;
    const value = pair.slice(separator + 1).trim();
    if (clickIdPattern.test(value)) return value;
  }
  return null;
}

/** A click waiting to be stored. */
export interface NewClick {
  id: string;
  linkId: string;
  tag: string | null;
  visitorHash: string;
  /** The click id the visitor's cookie already held, if any. */
  priorClickId: string | null;
  occurredAt: Date;
}

/** A stored click, with the counted click it belongs to (itself when it counted). */
export interface StoredClick extends NewClick {
  countedClickId: string;
  countedAt: Date;
}

export interface ClickDecision {
  counted: boolean;
  /** The counted click this one repeats; null when it counts itself. */
  repeatOfClickId: string | null;
}

interface Anchor {
  clickId: string;
  at: Date;
}

function sameTarget(a: { linkId: string; tag: string | null }, b: { linkId: string; tag: string | null }) {
  return a.linkId === b.linkId && a.tag === b.tag;
}

function laterAnchor(a: Anchor | undefined, b: Anchor | undefined): Anchor | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at.getTime() > a.at.getTime() ? b : a;
}

/**
 * Decides which clicks count. A click repeats its visitor's last counted click on the same link
 * and tag when it comes within `dedupeWindowMinutes` of it (either side, since processes' clocks
 * may interleave). The visitor is the same when the visitor hash matches, or when the click's
 * prior click id (cookie) names an earlier click on that link and tag, or a stored click's cookie
 * names this one (processes may write a visitor's clicks out of order). The window runs from the
 * last *counted* click, so a visitor who keeps clicking counts again once per window.
 *
 * `earlier` holds stored clicks that may match; `batch` is decided in time order, each decision
 * visible to the later ones. Returns one decision per `batch` entry, in `batch` order.
 */
export function decideClicks(
  earlier: readonly StoredClick[],
  batch: readonly NewClick[],
  dedupeWindowMinutes: number,
): ClickDecision[] {
  const windowMs = dedupeWindowMinutes * 60_000;
  const byVisitor = new Map<string, Anchor>();
  const byId = new Map<string, { click: NewClick; anchor: Anchor }>();
  const visitorKey = (click: NewClick) => `${click.linkId}\u0000${click.tag ?? ''}\u0000${click.visitorHash}`;
  const remember = (click: NewClick, anchor: Anchor) => {
    const key = visitorKey(click);
    const known = laterAnchor(byVisitor.get(key), anchor);
    if (known) byVisitor.set(key, known);
    byId.set(click.id, { click, anchor });
  };
  // A stored click whose cookie names a click of this batch (another process wrote the later
  // visit first) ties that click to the same visitor.
  const namedBy = new Map<string, { click: NewClick; anchor: Anchor }>();
  for (const click of earlier) {
    const anchor = { clickId: click.countedClickId, at: click.countedAt };
    remember(click, anchor);
    if (click.priorClickId) {
      const known = namedBy.get(click.priorClickId);
      namedBy.set(click.priorClickId, { click, anchor: laterAnchor(known?.anchor, anchor) ?? anchor });
    }
  }

  const order = batch.map((_, index) => index);
  order.sort((a, b) => batch[a]!.occurredAt.getTime() - batch[b]!.occurredAt.getTime() || a - b);
  const decisions: ClickDecision[] = new Array(batch.length);
  for (const index of order) {
    const click = batch[index]!;
    const prior = click.priorClickId ? byId.get(click.priorClickId) : undefined;
    const priorAnchor = prior && sameTarget(prior.click, click) ? prior.anchor : undefined;
    const namer = namedBy.get(click.id);
    const namerAnchor = namer && sameTarget(namer.click, click) ? namer.anchor : undefined;
    const anchor = laterAnchor(laterAnchor(byVisitor.get(visitorKey(click)), priorAnchor), namerAnchor);
    const repeats =
      anchor !== undefined && Math.abs(click.occurredAt.getTime() - anchor.at.getTime()) < windowMs;
    decisions[index] = repeats
      ? { counted: false, repeatOfClickId: anchor.clickId }
      : { counted: true, repeatOfClickId: null };
    remember(click, repeats ? anchor : { clickId: click.id, at: click.occurredAt });
  }
  return decisions;
}
