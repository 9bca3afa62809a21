import { describe, expect, it } from 'vitest';
import {
  type ActivationSettings,
  activationCause,
  findActivatingEvent,
  findActivationDay,
  meetsActivation,
  usageByDayWithout,
} from '../../src/usage/rules/activation.js';
import type { UsageEvent } from '../../src/usage/rules/usage.js';

const byCalls: ActivationSettings = {
  activationRule: 'api_calls',
  activationApiCalls: 1_000,
  activationActiveDays: 30,
};
const byDays: ActivationSettings = { ...byCalls, activationRule: 'active_days' };

describe('activation rule', () => {
  it.each([
    { rule: byCalls, apiCalls: 0, activeDays: 0, activated: false },
    { rule: byCalls, apiCalls: 999, activeDays: 29, activated: false },
    { rule: byCalls, apiCalls: 1_000, activeDays: 1, activated: true },
    { rule: byCalls, apiCalls: 1_001, activeDays: 1, activated: true },
    { rule: byCalls, apiCalls: 999, activeDays: 365, activated: false },
    { rule: byDays, apiCalls: 1_000_000, activeDays: 29, activated: false },
    { rule: byDays, apiCalls: 30, activeDays: 30, activated: true },
    { rule: byDays, apiCalls: 31, activeDays: 31, activated: true },
  ])(
    '$rule.activationRule with $apiCalls calls on $activeDays days → $activated',
    ({ rule, apiCalls, activeDays, activated }) => {
      expect(meetsActivation({ apiCalls, activeDays }, rule)).toBe(activated);
    },
  );

  it('says which threshold was reached', () => {
    expect(activationCause(byCalls)).toBe('1,000 API calls reached');
    expect(activationCause(byDays)).toBe('30 active days reached');
    expect(activationCause({ ...byCalls, activationApiCalls: 1_234_567 })).toBe(
      '1,234,567 API calls reached',
    );
  });
});

const usage = (id: string, apiCalls: number, occurredAt: string): UsageEvent => ({
  id,
  teamId: 'team_a',
  apiCalls,
  occurredAt: new Date(occurredAt),
});

describe('the event that activates a team', () => {
  it('is the one, in time order, that takes the total to the threshold', () => {
    const prior = new Map([['2026-01-01', 900]]);
    const events = [
      usage('late', 50, '2026-01-05T12:00:00Z'),
      usage('early', 50, '2026-01-05T08:00:00Z'),
      usage('after', 50, '2026-01-05T13:00:00Z'),
    ];
    const found = findActivatingEvent(prior, events, byCalls);
    expect(found?.event.id).toBe('late');
    expect(found?.totals).toEqual({ apiCalls: 1_000, activeDays: 2 });
  });

  it('is none when the total stays at 999', () => {
    expect(
      findActivatingEvent(new Map([['2026-01-01', 998]]), [usage('a', 1, '2026-01-02T00:00:00Z')], byCalls),
    ).toBeNull();
  });

  it('counts only days with at least one call as active', () => {
    const rule = { ...byDays, activationActiveDays: 2 };
    const prior = new Map([['2026-01-01', 1]]);
    expect(findActivatingEvent(prior, [usage('zero', 0, '2026-01-02T00:00:00Z')], rule)).toBeNull();
    expect(findActivatingEvent(prior, [usage('same-day', 5, '2026-01-01T09:00:00Z')], rule)).toBeNull();
    expect(findActivatingEvent(prior, [usage('new-day', 1, '2026-01-02T23:59:59Z')], rule)?.event.id).toBe(
      'new-day',
    );
  });

  it('finds the first day by the end of which the rule held', () => {
    const days = [
      { day: '2026-01-03', apiCalls: 500 },
      { day: '2026-01-01', apiCalls: 499 },
      { day: '2026-01-02', apiCalls: 0 },
      { day: '2026-01-04', apiCalls: 1 },
    ];
    expect(findActivationDay(days, byCalls)).toEqual({
      day: '2026-01-04',
      totals: { apiCalls: 1_000, activeDays: 3 },
    });
    expect(findActivationDay(days, { ...byDays, activationActiveDays: 2 })?.day).toBe('2026-01-03');
    expect(findActivationDay(days, byDays)).toBeNull();
  });

  it('takes new events back out of per-day sums', () => {
    const after = new Map([
      ['2026-01-01', 10],
      ['2026-01-02', 3],
    ]);
    const prior = usageByDayWithout(after, [
      usage('a', 3, '2026-01-02T05:00:00Z'),
      usage('b', 4, '2026-01-01T00:00:00Z'),
    ]);
    expect([...prior]).toEqual([['2026-01-01', 6]]);
  });
});
