import type { Queryable } from '../platform/db/database.js';
import { notifyAffiliateEvents } from './storage/affiliate_events_channel.js';

/** PostgreSQL refuses a notification payload of 8,000 bytes or more; chunks stay below this. */
export const notificationPayloadBytesMax = 7_000;

export const liveEventTypes = ['click', 'signup', 'activated', 'paid', 'sustained', 'commission'] as const;
export type LiveEventType = (typeof liveEventTypes)[number];

/** One event as a dashboard stream sends it; `affiliateId` decides which streams see it. */
export interface LiveEvent {
  type: LiveEventType;
  affiliateId: string;
  data: Record<string, unknown>;
}

/** Splits events into JSON arrays, each under the payload bound. Pure. */
export function notificationPayloads(events: readonly LiveEvent[]): string[] {
  const payloads: string[] = [];
  let current: string[] = [];
  let currentBytes = 2;
  for (const event of events) {
    const encoded = JSON.stringify(event);
    const bytes = Buffer.byteLength(encoded) + 1;
    if (bytes + 2 > notificationPayloadBytesMax) continue; // one event never grows this large
    if (currentBytes + bytes > notificationPayloadBytesMax) {
      payloads.push(`[${current.join(',')}]`);
      current = [];
      currentBytes = 2;
    }
    current.push(encoded);
    currentBytes += bytes;
  }
  if (current.length > 0) payloads.push(`[${current.join(',')}]`);
  return payloads;
}

/** Parses one notification payload; anything not shaped like events is dropped. */
export function parseNotificationPayload(payload: string): LiveEvent[] {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (event): event is LiveEvent =>
        typeof event === 'object' &&
        event !== null &&
        typeof event.affiliateId === 'string' &&
        liveEventTypes.includes(event.type) &&
        typeof event.data === 'object',
    );
  } catch {
    return [];
  }
}

/**
 * Publishes events inside the caller's transaction: PostgreSQL delivers a notification only when
 * the transaction commits, so a stream never shows what was rolled back. One statement carries
 * every chunk.
 */
export async function publishLiveEvents(tx: Queryable, events: readonly LiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  await notifyAffiliateEvents(tx, notificationPayloads(events));
}
