import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/platform/clock.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { DatabaseClockStore } from '../../src/platform/storage/program_clock.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const at = (iso: string) => new Date(iso);

describe('SimulatedClock attached to the program_clock table', () => {
  let database: TestDatabase;
  let store: DatabaseClockStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.db);
    store = new DatabaseClockStore(database.db);
  });
  beforeEach(async () => {
    await database.db.query('DELETE FROM program_clock');
  });
  afterAll(async () => database.drop());

  it('the first clock seeds the store; a later one adopts the stored time, whatever its own start', async () => {
    const first = new SimulatedClock(at('2026-01-05T00:00:00Z'));
    await first.attach(store);
    expect(await first.advanceTo(at('2026-02-01T00:00:00Z'))).toBe(true);

    const restarted = new SimulatedClock(at('2026-01-05T00:00:00Z'));
    await restarted.attach(store);
    expect(restarted.now()).toEqual(at('2026-02-01T00:00:00Z'));
  });

  it('a move by one clock reaches another on refresh, and its jobs run only where it was made', async () => {
    const mover = new SimulatedClock(at('2026-01-05T00:00:00Z'));
    const follower = new SimulatedClock(at('2026-01-05T00:00:00Z'));
    await mover.attach(store);
    await follower.attach(store);
    const moverSpans: string[] = [];
    const followerSpans: string[] = [];
    mover.onAdvance(async (from, to) => void moverSpans.push(`${from.toISOString()}→${to.toISOString()}`));
    follower.onAdvance(
      async (from, to) => void followerSpans.push(`${from.toISOString()}→${to.toISOString()}`),
    );

    await mover.advanceTo(at('2026-01-10T00:00:00Z'));
    expect(follower.now()).toEqual(at('2026-01-05T00:00:00Z'));
    await follower.refresh();
    expect(follower.now()).toEqual(at('2026-01-10T00:00:00Z'));

    // The follower moving on starts its span at the stored time, not at an older one it held.
    await mover.advanceTo(at('2026-01-12T00:00:00Z'));
    await follower.advanceTo(at('2026-01-15T00:00:00Z'));
    expect(moverSpans).toEqual([
      '2026-01-05T00:00:00.000Z→2026-01-10T00:00:00.000Z',
      '2026-01-10T00:00:00.000Z→2026-01-12T00:00:00.000Z',
    ]);
    expect(followerSpans).toEqual(['2026-01-12T00:00:00.000Z→2026-01-15T00:00:00.000Z']);
  });

  it('refuses to go back behind a time another clock stored, and then shows that time', async () => {
    const ahead = new SimulatedClock(at('2026-01-05T00:00:00Z'));
    const behind = new SimulatedClock(at('2026-01-05T00:00:00Z'));
    await ahead.attach(store);
    await behind.attach(store);
    await ahead.advanceTo(at('2026-03-01T00:00:00Z'));

    expect(await behind.advanceTo(at('2026-02-01T00:00:00Z'))).toBe(false);
    expect(behind.now()).toEqual(at('2026-03-01T00:00:00Z'));
    expect(await store.read()).toEqual(at('2026-03-01T00:00:00Z'));
  });

  it('concurrent moves leave the latest time stored', async () => {
    const clocks = [1, 2, 3, 4].map(() => new SimulatedClock(at('2026-01-01T00:00:00Z')));
    for (const clock of clocks) await clock.attach(store);
    const targets = ['2026-01-04', '2026-01-02', '2026-01-05', '2026-01-03'].map((day) =>
      at(`${day}T00:00:00Z`),
    );
    await Promise.all(clocks.map((clock, index) => clock.advanceTo(targets[index]!)));
    expect(await store.read()).toEqual(at('2026-01-05T00:00:00Z'));
  });
});
