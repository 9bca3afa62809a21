import type { WrittenClickGroup } from '../tracking/storage/clicks.js';
import type { LiveEvent } from './live_event.js';

/** The live `click` events of one flushed batch: one per link and tag that got counted clicks. */
export function clickEventsOf(groups: readonly WrittenClickGroup[], flushedAt: Date): LiveEvent[] {
  return groups
    .filter((group) => group.counted > 0)
    .map((group) => ({
      type: 'click',
      affiliateId: group.affiliateId,
      data: {
        linkId: group.linkId,
        tag: group.tag,
        clicks: group.counted,
        at: flushedAt.toISOString(),
      },
    }));
}
