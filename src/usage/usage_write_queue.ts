import type { UsageEvent } from './rules/usage.js';
import type { UsageBatchesOutcome, UsageBatchOutcome } from './storage/usage.js';

export interface UsageWriteLimits {
  /** Events one statement carries at most (several requests' batches together). */
  eventsPerStatementMax: number;
  /** Statements of this process writing at once; requests arriving meanwhile wait and go together. */
  statementsInFlightMax: number;
}

export interface UsageWriteSteps {
  /** Stores the batches in one statement; nothing is stored when it fails. */
  store(batches: ReadonlyArray<readonly UsageEvent[]>): Promise<UsageBatchesOutcome>;
  /** What follows once they are stored (activation, milestones), once for all of them. */
  follow(batches: ReadonlyArray<readonly UsageEvent[]>, outcome: UsageBatchesOutcome): Promise<void>;
}

interface Waiting {
  events: readonly UsageEvent[];
  resolve(outcome: UsageBatchOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for usage: the batches of requests that arrive while this process's statements
 * are busy are written together by the next one. Concurrent requests then no longer queue on
 * the row locks of the same (team, day) sums, each of those rows is written once per statement
 * instead of once per request, and there are fewer commits to wait for. An idle process writes a
 * request at once, so nothing waits on a timer. Two batches holding the same event id never go
 * in one statement (the later one waits for the next), so the primary key alone still decides
 * which copy counts.
 */
export class UsageWriteQueue {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private followTail: Promise<void> = Promise.resolve();

  constructor(
    private readonly steps: UsageWriteSteps,
    private readonly limits: UsageWriteLimits,
  ) {}

  /** Stores one request's batch (unique ids) with whatever else is waiting; resolves once followed up. */
  write(events: readonly UsageEvent[]): Promise<UsageBatchOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.limits.statementsInFlightMax && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.inFlight += 1;
      void this.run(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The oldest waiting batch and those after it that fit, in arrival order, without a shared id. */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const ids = new Set<string>();
    let eventCount = 0;
    let index = 0;
    while (index < this.waiting.length) {
      const next = this.waiting[index]!;
      const fits = eventCount + next.events.length <= this.limits.eventsPerStatementMax;
      if (group.length > 0 && !fits) break;
      if (next.events.some((event) => ids.has(event.id))) {
        index += 1;
        continue;
      }
      for (const event of next.events) ids.add(event.id);
      eventCount += next.events.length;
      group.push(next);
      this.waiting.splice(index, 1);
    }
    return group;
  }

  private async run(group: readonly Waiting[]): Promise<void> {
    const batches = group.map((waiting) => waiting.events);
    let outcome: UsageBatchesOutcome;
    try {
      outcome = await this.steps.store(batches);
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // One request's bad batch must not fail the others: each goes again on its own.
      for (const waiting of group) await this.run([waiting]);
      return;
    }
    // Follow-ups run one at a time in this process, in the order their statements finished: they
    // are rare (activations, milestones due) and two for the same team would only contend.
    const followed = this.followTail.then(() => this.steps.follow(batches, outcome));
    this.followTail = followed.catch(() => undefined);
    try {
      await followed;
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, index) => {
      waiting.resolve(outcome.batches[index]!);
    });
  }
}
