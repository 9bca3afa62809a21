import type { ClockMove, ClockStore } from '../clock.js';
import type { Database } from '../db/database.js';

/** The simulated clock's time in the `program_clock` row, shared by every process on the database. */
export class DatabaseClockStore implements ClockStore {
  constructor(private readonly db: Database) {}

  async load(seed: Date): Promise<Date> {
    const rows = await this.db.query<{ now_at: Date }>(
      `INSERT INTO program_clock (id, now_at) VALUES (true, $1)
       ON CONFLICT (id) DO UPDATE SET now_at = program_clock.now_at
       RETURNING now_at`,
      [seed],
    );
    return rowTime(rows);
  }

  async read(): Promise<Date | null> {
    const rows = await this.db.query<{ now_at: Date }>('SELECT now_at FROM program_clock WHERE id');
    return rows[0] ? new Date(rows[0].now_at) : null;
  }

  /** Moves the stored time to `to` unless it is already later; concurrent moves are serialized. */
  async moveForward(to: Date): Promise<ClockMove> {
    return this.db.transaction(async (tx) => {
      const previous = rowTime(
        await tx.query<{ now_at: Date }>('SELECT now_at FROM program_clock WHERE id FOR UPDATE'),
      );
      if (to.getTime() < previous.getTime()) return { moved: false, previous };
      await tx.query('UPDATE program_clock SET now_at = $1, moved_at = now() WHERE id', [to]);
      return { moved: true, previous };
    });
  }
}

function rowTime(rows: { now_at: Date }[]): Date {
  const row = rows[0];
  if (!row) throw new Error('program_clock holds no row: the clock was never seeded');
  return new Date(row.now_at);
}
