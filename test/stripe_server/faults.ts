/**
 * Faults a test can queue for the next calls of one endpoint (e.g. `transfers.create`):
 * - `server_error_after_commit`: the effect happens, the answer is a 500 that the idempotency
 *   layer saves (a retry with the same key replays the 500, as Stripe documents);
 * - `server_error_before_commit`: a 500 before anything happens; nothing saved;
 * - `timeout_after_commit`: the effect happens and is saved, the answer never comes (until
 *   `delayMs`, if given, or the client gives up);
 * - `timeout_before_commit`: the request is held and dropped unprocessed;
 * - `rate_limit` / `lock_timeout`: a 429 before the idempotency layer;
 * - `balance_insufficient`: the endpoint answers Stripe's insufficient-funds error (saved);
 * - `delay`: processed normally after `delayMs`, holding its idempotency key meanwhile.
 */
export const faultKinds = [
  'server_error_after_commit',
  'server_error_before_commit',
  'timeout_after_commit',
  'timeout_before_commit',
  'rate_limit',
  'lock_timeout',
  'balance_insufficient',
  'delay',
] as const;

export type FaultKind = (typeof faultKinds)[number];

export interface Fault {
  kind: FaultKind;
  delayMs?: number;
}

export interface FaultRequest extends Fault {
  endpoint: string;
  /** How many of the next calls it hits; default 1. */
  count?: number;
}

export class FaultQueue {
  private readonly queued = new Map<string, Fault[]>();

  inject(request: FaultRequest): void {
    const count = request.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 1_000) throw new Error('count must be 1 to 1000');
    if (!faultKinds.includes(request.kind)) throw new Error(`unknown fault kind ${String(request.kind)}`);
    const list = this.queued.get(request.endpoint) ?? [];
    for (let index = 0; index < count; index++) {
      list.push(
        request.delayMs === undefined
          ? { kind: request.kind }
          : { kind: request.kind, delayMs: request.delayMs },
      );
    }
    this.queued.set(request.endpoint, list);
  }

  take(endpoint: string): Fault | undefined {
    return this.queued.get(endpoint)?.shift();
  }

  clear(): void {
    this.queued.clear();
  }

  pending(endpoint: string): number {
    return this.queued.get(endpoint)?.length ?? 0;
  }
}
