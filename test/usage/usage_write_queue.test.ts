import { describe, expect, it } from 'vitest';
import type { UsageEvent } from '../../src/usage/rules/usage.js';
import type { UsageBatchesOutcome } from '../../src/usage/storage/usage.js';
import { UsageWriteQueue, type UsageWriteSteps } from '../../src/usage/usage_write_queue.js';

const occurredAt = new Date('2026-01-05T12:00:00Z');
const batchOf = (...ids: string[]): UsageEvent[] =>
  ids.map((id) => ({ id, teamId: 'team_a', apiCalls: 1, occurredAt }));

/** Steps that record each statement's batches and answer every event as accepted, by hand. */
function recordingSteps(
  options: { failWhen?: (batches: ReadonlyArray<readonly UsageEvent[]>) => boolean } = {},
) {
  const statements: string[][][] = [];
  const followed: number[] = [];
  const releases: Array<() => void> = [];
  const steps: UsageWriteSteps = {
    async store(batches) {
      statements.push(batches.map((batch) => batch.map((event) => event.id)));
      await new Promise<void>((resolve) => releases.push(resolve));
      if (options.failWhen?.(batches)) throw new Error('statement failed');
      const outcome: UsageBatchesOutcome = {
        batches: batches.map((batch) => ({ referred: batch.length, accepted: batch.length, lateIds: [] })),
        signedUpAcceptedIds: [],
        newActiveDayTeamIds: [],
      };
      return outcome;
    },
    async follow(batches) {
      followed.push(batches.length);
    },
  };
  /** Lets every statement started so far finish, and the ones they start in turn. */
  const drain = async () => {
    for (let round = 0; round < 20; round++) {
      while (releases.length > 0) releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { steps, statements, followed, drain };
}

describe('usage write queue (group commit)', () => {
  it('writes an idle request at once and the requests that arrive meanwhile together, followed up once', async () => {
    const { steps, statements, followed, drain } = recordingSteps();
    const queue = new UsageWriteQueue(steps, { eventsPerStatementMax: 1_000, statementsInFlightMax: 1 });
    const answers = [
      queue.write(batchOf('a1', 'a2')),
      queue.write(batchOf('b1')),
      queue.write(batchOf('c1', 'c2', 'c3')),
    ];
    await drain();
    expect(statements).toEqual([[['a1', 'a2']], [['b1'], ['c1', 'c2', 'c3']]]);
    expect(followed).toEqual([1, 2]);
    expect((await Promise.all(answers)).map((answer) => answer.accepted)).toEqual([2, 1, 3]);
  });

  it('never puts two batches holding the same event id in one statement', async () => {
    const { steps, statements, drain } = recordingSteps();
    const queue = new UsageWriteQueue(steps, { eventsPerStatementMax: 1_000, statementsInFlightMax: 1 });
    const answers = [
      queue.write(batchOf('x0')),
      queue.write(batchOf('x1', 'x2')),
      queue.write(batchOf('x2', 'x3')),
      queue.write(batchOf('x4')),
    ];
    await drain();
    await Promise.all(answers);
    expect(statements).toEqual([[['x0']], [['x1', 'x2'], ['x4']], [['x2', 'x3']]]);
    for (const statement of statements) {
      const ids = statement.flat();
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('keeps a statement within its event bound, and keeps at most the bound of statements running', async () => {
    const { steps, statements, drain } = recordingSteps();
    const queue = new UsageWriteQueue(steps, { eventsPerStatementMax: 3, statementsInFlightMax: 2 });
    const answers = ['a', 'b', 'c', 'd', 'e'].map((name) => queue.write(batchOf(`${name}1`, `${name}2`)));
    // The first two start at once; the other three wait for them.
    await new Promise((resolve) => setImmediate(resolve));
    expect(statements).toEqual([[['a1', 'a2']], [['b1', 'b2']]]);
    await drain();
    await Promise.all(answers);
    expect(statements.map((statement) => statement.flat().length).every((count) => count <= 3)).toBe(true);
    expect(statements.flat().flat().sort()).toEqual([
      'a1',
      'a2',
      'b1',
      'b2',
      'c1',
      'c2',
      'd1',
      'd2',
      'e1',
      'e2',
    ]);
  });

  it('when a shared statement fails, writes each batch again on its own and fails only the bad one', async () => {
    const { steps, statements, drain } = recordingSteps({
      failWhen: (batches) => batches.some((batch) => batch.some((event) => event.id === 'bad')),
    });
    const queue = new UsageWriteQueue(steps, { eventsPerStatementMax: 1_000, statementsInFlightMax: 1 });
    const first = queue.write(batchOf('ok0'));
    const good = queue.write(batchOf('ok1'));
    const bad = queue.write(batchOf('bad'));
    const settled = Promise.allSettled([first, good, bad]);
    await drain();
    const [firstResult, goodResult, badResult] = await settled;
    expect(firstResult.status).toBe('fulfilled');
    expect(goodResult.status).toBe('fulfilled');
    expect(badResult.status).toBe('rejected');
    expect(statements).toEqual([[['ok0']], [['ok1'], ['bad']], [['ok1']], [['bad']]]);
  });
});
