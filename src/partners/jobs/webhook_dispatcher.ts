import type { Context } from '../../app/context.js';
import { deliverDueWebhooks } from '../deliver_webhooks.js';

/** How often a process that runs jobs looks for deliveries that fell due (retries, missed kicks). */
export const deliveryPollMs = 5_000;
/** A kick waits this long, so the transaction that emitted the event has committed. */
export const deliveryKickDelayMs = 200;
/** Rounds of `deliveryBatchSizeMax` deliveries one run sends at most before yielding to the next. */
export const deliveryRoundsPerRunMax = 20;

/**
 * Sends partner webhook deliveries in a process that runs jobs (`serve` and `worker`): on a poll,
 * shortly after an event is emitted in this process (a kick), and, on a simulated clock, as the
 * clock moves. Runs never overlap within a process; across processes the delivery lease and SKIP
 * LOCKED keep two senders off the same delivery.
 */
export class WebhookDispatcher {
  private pollTimer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly context: Context) {}

  start(): void {
    this.context.webhookDeliveries = { kick: () => this.kick() };
    this.pollTimer = setInterval(() => void this.run(), deliveryPollMs);
    this.pollTimer.unref();
  }

  kick(): void {
    if (this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      void this.run();
    }, deliveryKickDelayMs);
    this.kickTimer.unref();
  }

  /** Sends what is due now; resolves when done. A run asked for while one is going runs after it. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.queued) return this.queued;
    const next = this.tail.then(async () => {
      this.queued = null;
      await this.deliverDue();
    });
    this.queued = next;
    this.tail = next;
    return next;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.context.webhookDeliveries = { kick: () => undefined };
    await this.tail;
  }

  private async deliverDue(): Promise<void> {
    try {
      for (let round = 0; round < deliveryRoundsPerRunMax && !this.stopped; round++) {
        const sent = await deliverDueWebhooks(this.context);
        if (sent.attempted === 0) return;
      }
    } catch (error) {
      this.context.logger.error({ err: error }, 'webhook delivery round failed');
    }
  }
}
