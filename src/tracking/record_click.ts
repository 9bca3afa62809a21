import type { Context } from '../app/context.js';
import { clickEventsOf } from '../dashboard/click_events.js';
import { publishLiveEvents } from '../dashboard/live_event.js';
import type { ClickFlusher } from './click_flusher.js';
import { decideClicks } from './rules/clicks.js';
import {
  type CapturedClick,
  insertClicks,
  lockClickVisitors,
  selectClicksMatching,
} from './storage/clicks.js';

export interface ClickRecorderOptions {
  /** A buffered click waits at most this long before its batch is written. */
  flushIntervalMs: number;
  /** Clicks written by one transaction; a full batch is written at once. */
  clickBatchSizeMax: number;
  /** Clicks held while the database cannot take them; beyond this, new clicks are dropped. */
  clickBufferSizeMax: number;
  /** Longest pause between retries while the database keeps failing. */
  retryDelayMsMax: number;
}

export const defaultClickRecorderOptions: ClickRecorderOptions = {
  flushIntervalMs: 50,
  clickBatchSizeMax: 1_000,
  clickBufferSizeMax: 100_000,
  retryDelayMsMax: 5_000,
};

/**
 * Records clicks off the redirect path: `record` only buffers; batches are written every
 * `flushIntervalMs` or every `clickBatchSizeMax` clicks, and on close. Dedupe is decided at
 * write time, under transaction-level advisory locks per visitor (`lockClickVisitors`), so several
 * processes decide one visitor's clicks in turn while different visitors' batches never wait. A crash loses at most the clicks of one flush window (plus any held while the
 * database was failing); the redirect never waits for the database.
 */
export class ClickRecorder implements ClickFlusher {
  private buffer: CapturedClick[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private consecutiveFailures = 0;
  private readonly options: ClickRecorderOptions;

  constructor(
    private readonly context: Omit<Context, 'clicks'>,
    options: Partial<ClickRecorderOptions> = {},
  ) {
    this.options = { ...defaultClickRecorderOptions, ...options };
  }

  /** Buffers a click; never waits and never throws. Returns false when the buffer is full. */
  record(click: CapturedClick): boolean {
    if (this.buffer.length >= this.options.clickBufferSizeMax) {
      this.context.metrics.redirects.inc({ outcome: 'click_dropped' });
      return false;
    }
    this.buffer.push(click);
    if (this.buffer.length >= this.options.clickBatchSizeMax && this.consecutiveFailures === 0) {
      this.startBackgroundWrite();
    } else {
      this.schedule(this.options.flushIntervalMs);
    }
    return true;
  }

  get bufferedClicks(): number {
    return this.buffer.length;
  }

  /** Writes every click buffered so far; rejects (keeping them buffered) if the database fails. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    let batchesMax = Math.ceil(this.buffer.length / this.options.clickBatchSizeMax);
    while (batchesMax > 0 && this.buffer.length > 0) {
      batchesMax -= 1;
      await this.writeOnce();
    }
  }

  /** Stops the timer and writes what is left; logs (rather than throws) what could not be written. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await this.flush();
    } catch (error) {
      this.context.logger.error(
        { err: error, clicksLost: this.buffer.length },
        'clicks could not be written at shutdown',
      );
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startBackgroundWrite();
    }, delayMs);
    this.timer.unref();
  }

  private startBackgroundWrite(): void {
    if (this.writing) {
      this.schedule(this.options.flushIntervalMs);
      return;
    }
    this.writeOnce()
      .then(() => {
        if (this.buffer.length >= this.options.clickBatchSizeMax) this.startBackgroundWrite();
        else if (this.buffer.length > 0) this.schedule(this.options.flushIntervalMs);
      })
      .catch(() => undefined);
  }

  private retryDelayMs(): number {
    const doubled = this.options.flushIntervalMs * 2 ** Math.min(this.consecutiveFailures, 16);
    return Math.min(doubled, this.options.retryDelayMsMax);
  }

  /** Takes one batch from the buffer and writes it; on failure puts it back in front. */
  private writeOnce(): Promise<void> {
    const batch = this.buffer.splice(0, this.options.clickBatchSizeMax);
    if (batch.length === 0) return Promise.resolve();
    const writing = this.write(batch).then(
      () => {
        this.consecutiveFailures = 0;
      },
      (error: unknown) => {
        this.consecutiveFailures += 1;
        this.context.metrics.clickFlushFailures.inc();
        this.context.logger.warn(
          { err: error, clicks: batch.length, consecutiveFailures: this.consecutiveFailures },
          'click batch not written; will retry',
        );
        const room = this.options.clickBufferSizeMax - this.buffer.length;
        const kept = batch.slice(0, Math.max(room, 0));
        if (kept.length < batch.length) {
          this.context.metrics.redirects.inc({ outcome: 'click_dropped' }, batch.length - kept.length);
        }
        this.buffer = kept.concat(this.buffer);
        this.schedule(this.retryDelayMs());
        throw error;
      },
    );
    const settled = writing.then(
      () => undefined,
      () => undefined,
    );
    this.writing = settled;
    void settled.then(() => {
      if (this.writing === settled) this.writing = undefined;
    });
    return writing;
  }

  private async write(batch: CapturedClick[]): Promise<void> {
    const settings = await this.context.settings.fresh();
    const dedupeWindowMinutes = settings.at(this.context.clock.now()).clickDedupeWindowMinutes;
    const written = await this.context.db.transaction(async (tx) => {
      await lockClickVisitors(tx, batch);
      const earlier = await selectClicksMatching(tx, batch, dedupeWindowMinutes);
      const groups = await insertClicks(tx, batch, decideClicks(earlier, batch, dedupeWindowMinutes));
      // One notification per batch (chunked only past the payload bound), sent when it commits.
      await publishLiveEvents(tx, clickEventsOf(groups, this.context.clock.now()));
      return groups;
    });
    let counted = 0;
    let repeated = 0;
    for (const group of written) {
      counted += group.counted;
      repeated += group.repeated;
    }
    this.context.metrics.clicksFlushed.inc({ counted: 'true' }, counted);
    this.context.metrics.clicksFlushed.inc({ counted: 'false' }, repeated);
  }
}
