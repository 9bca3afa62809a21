/**
 * Stripe's idempotency layer for POST requests: the first answer for a key is saved and
 * replayed; a key is scoped to the API key that used it; a key reused for other parameters or
 * another endpoint is refused; a key whose first request is still running answers 409.
 */
export interface SavedResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  requestId: string;
}

interface Entry {
  fingerprint: string;
  saved: SavedResponse | null;
}

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; saved: SavedResponse };

export const idempotencyKeyLengthMax = 255;

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  private static scoped(apiKey: string, key: string): string {
    return `${apiKey}\u0000${key}`;
  }

  /** Looks the key up and, when it is new, reserves it for this request. */
  begin(apiKey: string, key: string, fingerprint: string): IdempotencyLookup {
    const scoped = IdempotencyStore.scoped(apiKey, key);
    const entry = this.entries.get(scoped);
    if (!entry) {
      this.entries.set(scoped, { fingerprint, saved: null });
      return { kind: 'new' };
    }
    if (entry.saved === null) return { kind: 'in_progress' };
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return { kind: 'replay', saved: entry.saved };
  }

  save(apiKey: string, key: string, saved: SavedResponse): void {
    const entry = this.entries.get(IdempotencyStore.scoped(apiKey, key));
    if (entry) entry.saved = saved;
  }

  /** The endpoint never began executing: nothing is remembered, a retry runs afresh. */
  release(apiKey: string, key: string): void {
    this.entries.delete(IdempotencyStore.scoped(apiKey, key));
  }
}
