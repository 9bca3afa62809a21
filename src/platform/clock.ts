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

/** Like Stripe's test clocks: starts at a given time and only moves forward when told to. */
export class SimulatedClock implements Clock {
  readonly simulated = true;
  private currentMs: number;
  private readonly listeners: ClockAdvanceListener[] = [];

  constructor(start: Date) {
    this.currentMs = start.getTime();
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  onAdvance(listener: ClockAdvanceListener): void {
    this.listeners.push(listener);
  }

  /** Moves time forward; returns false (and changes nothing) when `to` is in the past. */
  async advanceTo(to: Date): Promise<boolean> {
    if (to.getTime() < this.currentMs) return false;
    const from = new Date(this.currentMs);
    this.currentMs = to.getTime();
    for (const listener of this.listeners) await listener(from, to);
    return true;
  }
}
