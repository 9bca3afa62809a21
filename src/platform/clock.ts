/** The one source of time. Use cases never call `new Date()` for business time. */
export interface Clock {
  now(): Date;
  readonly simulated: boolean;
}

export class SystemClock implements Clock {
  readonly simulated = false;
  now(): Date {
    return new Date();
  }
}

export type ClockAdvanceListener = (from: Date, to: Date) => Promise<void>;

export interface ClockMove {
  moved: boolean;
  /** The stored time before the move (the later time that refused it when `moved` is false). */
  previous: Date;
}

/** Where a simulated clock keeps its time so that every process on one database shares it. */
export interface ClockStore {
  /** The stored time, after storing `seed` when nothing is stored yet. */
  load(seed: Date): Promise<Date>;
  read(): Promise<Date | null>;
  moveForward(to: Date): Promise<ClockMove>;
}

/** How often a process re-reads a stored clock that another process may have moved. */
export const clockRefreshIntervalMs = 1_000;

/**
 * Like Stripe's test clocks: starts at a given time and only moves forward when told to. Attached
 * to a store, its time is the stored one: `now()` answers from memory (the redirect reads it on
 * every click), the process that moves the clock updates memory at once, and other processes pick
 * the move up by `refresh()` (polled every `clockRefreshIntervalMs` by long-running processes).
 */
export class SimulatedClock implements Clock {
  readonly simulated = true;
  private currentMs: number;
  private store: ClockStore | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly listeners: ClockAdvanceListener[] = [];

  constructor(start: Date) {
    this.currentMs = start.getTime();
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  /** Shares the store's time; the start time given to the constructor seeds an empty store. */
  async attach(store: ClockStore): Promise<void> {
    this.store = store;
    this.currentMs = (await store.load(new Date(this.currentMs))).getTime();
  }

  get stored(): boolean {
    return this.store !== null;
  }

  onAdvance(listener: ClockAdvanceListener): void {
    this.listeners.push(listener);
  }

  /**
   * Moves time forward and runs the listeners for the span passed; returns false (and changes
   * nothing) when `to` is before the clock's time.
   */
  async advanceTo(to: Date): Promise<boolean> {
    let from = new Date(this.currentMs);
    if (to.getTime() < from.getTime()) return false;
    if (this.store) {
      const move = await this.store.moveForward(to);
      if (!move.moved) {
        this.keepLatest(move.previous);
        return false;
      }
      from = move.previous;
    }
    this.keepLatest(to);
    for (const listener of this.listeners) await listener(from, to);
    return true;
  }

  /** Picks up a move made by another process. */
  async refresh(): Promise<void> {
    const stored = await this.store?.read();
    if (stored) this.keepLatest(stored);
  }

  startRefreshing(onError: (error: unknown) => void, intervalMs = clockRefreshIntervalMs): void {
    if (!this.store || this.refreshTimer) return;
    this.refreshTimer = setInterval(() => {
      this.refresh().catch(onError);
    }, intervalMs);
    this.refreshTimer.unref();
  }

  stopRefreshing(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }

  private keepLatest(time: Date): void {
    this.currentMs = Math.max(this.currentMs, time.getTime());
  }
}
