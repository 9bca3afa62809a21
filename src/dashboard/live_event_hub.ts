import type { Database } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { type LiveEvent, parseNotificationPayload } from './live_event.js';
import { affiliateEventsChannel } from './storage/affiliate_events_channel.js';

/** Open event streams one process serves at most; beyond it a new stream is refused. */
export const liveStreamsMax = 5_000;

export type LiveEventListener = (event: LiveEvent) => void;

/**
 * One database listener per process, fanned out to the streams of each affiliate. It starts
 * with the first stream and stops with the process, so a server nobody watches listens to nothing.
 */
export class LiveEventHub {
  private readonly listeners = new Map<string, Set<LiveEventListener>>();
  private streams = 0;
  private listening: Promise<() => Promise<void>> | null = null;

  constructor(private readonly db: Database) {}

  /** Adds a stream for one affiliate; resolves once the database listener is ready. */
  async subscribe(affiliateId: string, listener: LiveEventListener): Promise<() => void> {
    if (this.streams >= liveStreamsMax) {
      throw new AppError('rate_limited', `this server already serves ${liveStreamsMax} live streams`);
    }
    this.listening ??= this.db.listen(affiliateEventsChannel, (payload) => this.dispatch(payload));
    try {
      await this.listening;
    } catch (error) {
      this.listening = null;
      throw error;
    }
    const forAffiliate = this.listeners.get(affiliateId) ?? new Set();
    forAffiliate.add(listener);
    this.listeners.set(affiliateId, forAffiliate);
    this.streams += 1;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.streams -= 1;
      forAffiliate.delete(listener);
      if (forAffiliate.size === 0) this.listeners.delete(affiliateId);
    };
  }

  get openStreams(): number {
    return this.streams;
  }

  async close(): Promise<void> {
    const listening = this.listening;
    this.listening = null;
    this.listeners.clear();
    if (listening) await (await listening.catch(() => async () => undefined))();
  }

  private dispatch(payload: string): void {
    for (const event of parseNotificationPayload(payload)) {
      for (const listener of this.listeners.get(event.affiliateId) ?? []) listener(event);
    }
  }
}
