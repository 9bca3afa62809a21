import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msPerDay } from '../../src/settings/rules/program_settings.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { insertAffiliate, insertTeam } from '../support/teams.js';

interface Sent {
  id: string;
  teamIndex: number;
  apiCalls: number;
  minutesAgo: number;
}

describe('usage totals', () => {
  let t: TestApp;
  let affiliateId: string;
  let run = 0;

  beforeAll(async () => {
    t = await startTestApp();
    affiliateId = await insertAffiliate(t.context.db, t.clock.now());
  });
  afterAll(async () => t.close());

  const events = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 12 }),
      teamIndex: fc.integer({ min: 0, max: 2 }),
      apiCalls: fc.integer({ min: 0, max: 400 }),
      minutesAgo: fc.integer({ min: 0, max: (34 * msPerDay) / 60_000 }),
    }),
    { minLength: 1, maxLength: 40, selector: (event) => event.id },
  );
  // Each event sent 1–3 times, in any order, split into requests of any size.
  const deliveries = events.chain((unique) =>
    fc.record({
      unique: fc.constant(unique),
      sent: fc
        .array(fc.integer({ min: 1, max: 3 }), { minLength: unique.length, maxLength: unique.length })
        .map((copies) => unique.flatMap((event, index) => Array<Sent>(copies[index]!).fill(event)))
        .chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })),
      requestSize: fc.integer({ min: 1, max: 25 }),
    }),
  );

  it('are the same for any shuffling and duplication of the same events', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries, async ({ unique, sent, requestSize }) => {
        run += 1;
        const teamIds: string[] = [];
        for (let index = 0; index < 3; index++) {
          teamIds.push((await insertTeam(t.context.db, { affiliateId, at: t.clock.now() })).teamId);
        }
        const body = (event: Sent) => ({
          id: `prop${run}_${event.id}`,
          teamId: teamIds[event.teamIndex]!,
          apiCalls: event.apiCalls,
          occurredAt: new Date(t.clock.now().getTime() - event.minutesAgo * 60_000).toISOString(),
        });
        let accepted = 0;
        let duplicates = 0;
        for (let start = 0; start < sent.length; start += requestSize) {
          const response = await t.call({
            method: 'POST',
            url: '/v1/track/usage',
            payload: { events: sent.slice(start, start + requestSize).map(body) },
          });
          const answer = response.json() as { accepted: number; duplicates: number };
          accepted += answer.accepted;
          duplicates += answer.duplicates;
        }
        expect(accepted).toBe(unique.length);
        expect(duplicates).toBe(sent.length - unique.length);

        const expected = new Map<string, number>();
        for (const event of unique) {
          const key = `${teamIds[event.teamIndex]}|${body(event).occurredAt.slice(0, 10)}`;
          expected.set(key, (expected.get(key) ?? 0) + event.apiCalls);
        }
        const rows = await t.context.db.query<{ team_id: string; day: string; api_calls: number }>(
          `SELECT team_id, to_char(day, 'YYYY-MM-DD') AS day, api_calls FROM team_usage_days
           WHERE team_id = ANY($1::text[])`,
          [teamIds],
        );
        expect(new Map(rows.map((row) => [`${row.team_id}|${row.day}`, row.api_calls]))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
