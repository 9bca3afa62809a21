import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { insertAffiliate, insertTeam } from '../support/teams.js';

interface UsageAnswer {
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: Array<{ index: number; reason: string; message: string }>;
}

describe('POST /v1/track/usage', () => {
  let t: TestApp;
  let trackKey: string;
  let referred: string;
  let notReferred: string;
  let rejectedTeam: string;
  let eventCount = 0;

  const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();
  const event = (teamId: string, apiCalls = 1, occurredAt = at(1)) => ({
    id: `evt_${++eventCount}`,
    teamId,
    apiCalls,
    occurredAt,
  });
  const post = async (events: unknown[]) =>
    t.call({ method: 'POST', url: '/v1/track/usage', auth: trackKey, payload: { events } });
  const track = async (events: unknown[]) => {
    const response = await post(events);
    expect(response.statusCode).toBe(200);
    return response.json() as UsageAnswer;
  };
  const storedEvents = async () =>
    (await t.context.db.query<{ n: number }>('SELECT count(*) AS n FROM usage_events'))[0]!.n;
  const teamCalls = async (teamId: string) =>
    (
      await t.context.db.query<{ calls: number }>(
        'SELECT coalesce(sum(api_calls), 0)::int8 AS calls FROM team_usage_days WHERE team_id = $1',
        [teamId],
      )
    )[0]!.calls;

  beforeAll(async () => {
    t = await startTestApp();
    const key = await t.call({
      method: 'POST',
      url: '/v1/keys',
      payload: { scope: 'track', name: 'backend' },
    });
    trackKey = (key.json() as { key: string }).key;
    const affiliateId = await insertAffiliate(t.context.db, t.clock.now());
    referred = (await insertTeam(t.context.db, { affiliateId, at: t.clock.now() })).teamId;
    notReferred = (await insertTeam(t.context.db, { affiliateId: null, at: t.clock.now() })).teamId;
    rejectedTeam = (await insertTeam(t.context.db, { affiliateId, at: t.clock.now(), status: 'rejected' }))
      .teamId;
  });
  afterAll(async () => t.close());

  it('stores events of referred teams and acknowledges the others as ignored', async () => {
    const before = await storedEvents();
    const answer = await track([
      event(referred, 5),
      event(notReferred, 7),
      event(rejectedTeam, 9),
      event('team_unknown', 11),
      event(referred, 6),
    ]);
    expect(answer).toEqual({ accepted: 2, duplicates: 0, ignored: 3, rejected: [] });
    expect(await storedEvents()).toBe(before + 2);
    expect(await teamCalls(referred)).toBe(11);
    expect(await teamCalls(notReferred)).toBe(0);
  });

  it('counts an id once within one request and across requests', async () => {
    const first = event(referred, 10);
    const second = event(referred, 20);
    const calls = await teamCalls(referred);
    expect(await track([first, first, second, { ...first, apiCalls: 999 }])).toEqual({
      accepted: 2,
      duplicates: 2,
      ignored: 0,
      rejected: [],
    });
    expect(await track([second, first])).toEqual({ accepted: 0, duplicates: 2, ignored: 0, rejected: [] });
    expect(await teamCalls(referred)).toBe(calls + 30);
  });

  it('counts each id once when the same batch arrives on many connections at once', async () => {
    const batch = Array.from({ length: 50 }, () => event(referred, 3));
    const calls = await teamCalls(referred);
    const answers = await Promise.all(Array.from({ length: 8 }, () => track([...batch].reverse())));
    const accepted = answers.reduce((sum, answer) => sum + answer.accepted, 0);
    const duplicates = answers.reduce((sum, answer) => sum + answer.duplicates, 0);
    expect(accepted).toBe(50);
    expect(duplicates).toBe(7 * 50);
    expect(await teamCalls(referred)).toBe(calls + 150);
  });

  it('answers each of many concurrent requests for its own events, however they are written together', async () => {
    const seen = event(referred, 1);
    expect((await track([seen])).accepted).toBe(1);
    const calls = await teamCalls(referred);
    const requests = Array.from({ length: 10 }, (_, request) => [
      ...Array.from({ length: request + 1 }, () => event(referred, 2)),
      event(notReferred, 5),
      seen,
      event(notReferred, 5),
    ]);
    const answers = await Promise.all(requests.map((events) => track(events)));
    answers.forEach((answer, request) => {
      expect(answer).toEqual({ accepted: request + 1, duplicates: 1, ignored: 2, rejected: [] });
    });
    expect(await teamCalls(referred)).toBe(calls + 2 * 55);
    expect(await teamCalls(notReferred)).toBe(0);
  });

  it('rejects late and future events by index and keeps the rest', async () => {
    const windowMinutes = 35 * 24 * 60;
    const answer = await track([
      event(referred, 1, at(windowMinutes + 1)),
      event(referred, 1, at(windowMinutes - 1)),
      event(referred, 1, at(-4)),
      event(referred, 1, at(-6)),
    ]);
    expect(answer.accepted).toBe(2);
    expect(answer.rejected.map(({ index, reason }) => ({ index, reason }))).toEqual([
      { index: 0, reason: 'late' },
      { index: 3, reason: 'in_future' },
    ]);
  });

  it('reports each malformed event with its index and a reason while accepting good ones', async () => {
    const good = event(referred, 4);
    const answer = await track([
      { ...event(referred), id: '' },
      good,
      { ...event(referred), id: 'x'.repeat(201) },
      { ...event(referred), teamId: 42 },
      { ...event(referred), apiCalls: 1.5 },
      { ...event(referred), apiCalls: -1 },
      { ...event(referred), apiCalls: 1_000_001 },
      { ...event(referred), apiCalls: '5' },
      { ...event(referred), occurredAt: 'yesterday' },
      { ...event(referred), occurredAt: '2026-01-05 11:00' },
      null,
      'evt',
      [good],
      { ...event(referred), id: 'nul\u0000id' },
      { ...event(referred), teamId: 'team\u0000' },
    ]);
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map(({ index, reason }) => [index, reason])).toEqual([
      [0, 'invalid_id'],
      [2, 'invalid_id'],
      [3, 'invalid_team_id'],
      [4, 'invalid_api_calls'],
      [5, 'invalid_api_calls'],
      [6, 'invalid_api_calls'],
      [7, 'invalid_api_calls'],
      [8, 'invalid_occurred_at'],
      [9, 'invalid_occurred_at'],
      [10, 'not_an_object'],
      [11, 'not_an_object'],
      [12, 'not_an_object'],
      [13, 'invalid_id'],
      [14, 'invalid_team_id'],
    ]);
    for (const rejection of answer.rejected) expect(rejection.message.length).toBeGreaterThan(10);
  });

  it('accepts the bounds: 0 and 1,000,000 calls, ids of 200 characters', async () => {
    const answer = await track([
      { ...event(referred, 0), id: 'y'.repeat(200) },
      event(referred, 1_000_000),
      { ...event(referred), occurredAt: '2026-01-05T13:00:00+02:00' },
    ]);
    expect(answer).toEqual({ accepted: 3, duplicates: 0, ignored: 0, rejected: [] });
  });

  it('refuses 1,001 events with 4xx problem+json and writes nothing', async () => {
    const before = await storedEvents();
    const response = await post(Array.from({ length: 1_001 }, () => event(referred)));
    expect([400, 413]).toContain(response.statusCode);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await storedEvents()).toBe(before);
    const exactlyMax = await track(Array.from({ length: 1_000 }, () => event(referred)));
    expect(exactlyMax.accepted).toBe(1_000);
  });

  it('answers a body of the wrong shape with 400 problem+json', async () => {
    for (const payload of [{}, { events: 'nope' }, { events: [], extra: 1 }, []]) {
      const response = await t.call({ method: 'POST', url: '/v1/track/usage', auth: trackKey, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect(await track([])).toEqual({ accepted: 0, duplicates: 0, ignored: 0, rejected: [] });
  });

  it('needs a track or admin key', async () => {
    const response = await t.call({
      method: 'POST',
      url: '/v1/track/usage',
      auth: null,
      payload: { events: [event(referred)] },
    });
    expect(response.statusCode).toBe(401);
  });
});
