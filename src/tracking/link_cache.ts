import type { Queryable } from '../platform/db/database.js';
import { type ClickIdLocation, clickIdLocationOf } from './rules/links.js';
import { type LinkRow, selectLinkByCode } from './storage/links.js';

/** What the redirect needs of a link. */
export interface RedirectLink {
  id: string;
  affiliateId: string;
  destination: string;
  tag: string | null;
  disabledAt: Date | null;
  /** The destination cut around the click id, once per read rather than once per click. */
  clickIdLocation: ClickIdLocation | null;
}

export interface LinkCacheOptions {
  /** How long a found link is served from memory before it is read again. */
  linkTtlMs: number;
  /** How long "no such code" is remembered. */
  missingTtlMs: number;
  linksMax: number;
  /** Kept apart from found links, so a flood of made-up codes cannot evict real ones. */
  missingCodesMax: number;
}

export const defaultLinkCacheOptions: LinkCacheOptions = {
  linkTtlMs: 5_000,
  missingTtlMs: 2_000,
  linksMax: 50_000,
  missingCodesMax: 10_000,
};

interface Entry<T> {
  value: T;
  expiresAtMs: number;
}

/**
 * Code → link, in memory, so the redirect of a known link reads no database. Entries expire
 * after a few seconds (links can be disabled from another process). When the database fails,
 * an expired entry is served rather than nothing. Concurrent misses of one code share one read.
 */
export class LinkCache {
  private readonly links = new Map<string, Entry<RedirectLink>>();
  private readonly missing = new Map<string, Entry<null>>();
  private readonly reading = new Map<string, Promise<RedirectLink | null>>();
  private readonly options: LinkCacheOptions;

  constructor(
    private readonly db: Queryable,
    options: Partial<LinkCacheOptions> = {},
    private readonly nowMs: () => number = Date.now,
  ) {
    this.options = { ...defaultLinkCacheOptions, ...options };
  }

  /** The cached answer while fresh: a link, null (no such code), or undefined (must read). */
  peek(code: string): RedirectLink | null | undefined {
    const now = this.nowMs();
    const link = this.links.get(code);
    if (link && link.expiresAtMs > now) return link.value;
    const missing = this.missing.get(code);
    if (missing && missing.expiresAtMs > now) return null;
    return undefined;
  }

  /** Reads through the cache; throws only when the database fails and nothing stale is known. */
  get(code: string): RedirectLink | null | Promise<RedirectLink | null> {
    const cached = this.peek(code);
    if (cached !== undefined) return cached;
    let pending = this.reading.get(code);
    if (!pending) {
      pending = this.read(code).finally(() => this.reading.delete(code));
      this.reading.set(code, pending);
    }
    return pending;
  }

  private async read(code: string): Promise<RedirectLink | null> {
    let row: LinkRow | null;
    try {
      row = await selectLinkByCode(this.db, code);
    } catch (error) {
      const stale = this.links.get(code);
      if (stale) return stale.value;
      throw error;
    }
    if (!row) {
      this.links.delete(code);
      remember(
        this.missing,
        code,
        null,
        this.nowMs() + this.options.missingTtlMs,
        this.options.missingCodesMax,
      );
      return null;
    }
    const link: RedirectLink = {
      id: row.id,
      affiliateId: row.affiliateId,
      destination: row.destination,
      tag: row.tag,
      disabledAt: row.disabledAt,
      clickIdLocation: clickIdLocationOf(row.destination),
    };
    this.missing.delete(code);
    remember(this.links, code, link, this.nowMs() + this.options.linkTtlMs, this.options.linksMax);
    return link;
  }
}

/** Inserts at the end; beyond `sizeMax` the oldest entry goes. */
function remember<T>(
  map: Map<string, Entry<T>>,
  key: string,
  value: T,
  expiresAtMs: number,
  sizeMax: number,
) {
  map.delete(key);
  map.set(key, { value, expiresAtMs });
  if (map.size > sizeMax) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}
