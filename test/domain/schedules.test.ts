import { describe, expect, it } from 'vitest';
import { occurrencesBetween, occurrencesMax, parseSchedule } from '../../src/platform/rules/schedules.js';

const at = (iso: string) => new Date(iso);
const cron = (text: string) => ({ cron: text });

describe('job schedules', () => {
  it.each([
    ['5 0 * * *', '5 0 * * *'],
    ['  0   2 1 * *  ', '0 2 1 * *'],
    ['*/15 * * * *', '*/15 * * * *'],
    ['0 9 * * MON-FRI', '0 9 * * MON-FRI'],
    ['0 3 31 1,3 *', '0 3 31 1,3 *'],
  ])('parses the cron expression %j', (text, expected) => {
    expect(parseSchedule(text)).toEqual(cron(expected));
  });

  it.each([
    ['daily@00:05', '5 0 * * *'],
    ['daily@23:59', '59 23 * * *'],
    ['monthly@1@02:30', '30 2 1 * *'],
    ['monthly@28@06:00', '0 6 28 * *'],
  ])('keeps the older form %s as an alias of %s', (alias, expected) => {
    expect(parseSchedule(alias)).toEqual(cron(expected));
  });

  it.each([
    'daily@24:00',
    'daily@1:00',
    'monthly@29@00:00',
    'monthly@0@00:00',
    'weekly@1',
    '',
    '61 0 * * *',
    '0 24 * * *',
    '0 0 31 2 *',
    '* * * *',
    '0 0 * * * *',
    'H 0 * * *',
    '0 0 L * *',
    '@daily',
  ])('refuses %j', (text) => {
    expect(parseSchedule(text)).toBeNull();
  });

  it('lists daily occurrences in the half-open window (after, until]', () => {
    const daily = cron('5 0 * * *');
    expect(occurrencesBetween(daily, at('2026-03-01T00:05:00Z'), at('2026-03-03T00:05:00Z'))).toEqual([
      at('2026-03-02T00:05:00Z'),
      at('2026-03-03T00:05:00Z'),
    ]);
    expect(occurrencesBetween(daily, at('2026-03-01T00:06:00Z'), at('2026-03-02T00:04:59Z'))).toEqual([]);
    expect(occurrencesBetween(daily, at('2026-03-01T00:05:00.300Z'), at('2026-03-01T00:06:00Z'))).toEqual([]);
    expect(occurrencesBetween(daily, at('2026-03-01T00:04:59.700Z'), at('2026-03-01T00:05:00Z'))).toEqual([
      at('2026-03-01T00:05:00Z'),
    ]);
  });

  it('lists monthly occurrences across a year boundary', () => {
    const monthly = parseSchedule('monthly@1@02:00')!;
    expect(occurrencesBetween(monthly, at('2026-11-15T00:00:00Z'), at('2027-02-01T02:00:00Z'))).toEqual([
      at('2026-12-01T02:00:00Z'),
      at('2027-01-01T02:00:00Z'),
      at('2027-02-01T02:00:00Z'),
    ]);
  });

  it('skips months without the day, as cron does', () => {
    expect(
      occurrencesBetween(cron('0 2 31 * *'), at('2026-01-01T00:00:00Z'), at('2026-06-01T00:00:00Z')),
    ).toEqual([at('2026-01-31T02:00:00Z'), at('2026-03-31T02:00:00Z'), at('2026-05-31T02:00:00Z')]);
  });

  it('is in UTC whatever the process time zone', () => {
    expect(
      occurrencesBetween(cron('30 1 * * *'), at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z')),
    ).toEqual([at('2026-03-29T01:30:00Z'), at('2026-03-30T01:30:00Z')]);
  });

  it('returns nothing when the window is empty or backwards', () => {
    const daily = cron('0 0 * * *');
    expect(occurrencesBetween(daily, at('2026-03-02T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toEqual([]);
    expect(occurrencesBetween(daily, at('2026-03-01T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toEqual([]);
  });

  it(`stops at ${occurrencesMax} occurrences, oldest first`, () => {
    const found = occurrencesBetween(
      cron('* * * * *'),
      at('2026-01-01T00:00:00Z'),
      at('2026-02-01T00:00:00Z'),
    );
    expect(found).toHaveLength(occurrencesMax);
    expect(found[0]).toEqual(at('2026-01-01T00:01:00Z'));
    expect(found.at(-1)).toEqual(new Date(at('2026-01-01T00:00:00Z').getTime() + occurrencesMax * 60_000));
  });
});
