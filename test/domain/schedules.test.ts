import { describe, expect, it } from 'vitest';
import { occurrencesBetween, parseSchedule } from '../../src/domain/schedules.js';

const at = (iso: string) => new Date(iso);

describe('job schedules', () => {
  it('parses daily and monthly specs and refuses nonsense', () => {
    expect(parseSchedule('daily@00:05')).toEqual({ kind: 'daily', minuteOfDay: 5 });
    expect(parseSchedule('monthly@1@02:30')).toEqual({ kind: 'monthly', dayOfMonth: 1, minuteOfDay: 150 });
    for (const bad of ['daily@24:00', 'daily@1:00', 'monthly@29@00:00', 'monthly@0@00:00', 'weekly@1', '']) {
      expect(parseSchedule(bad)).toBeNull();
    }
  });

  it('lists daily occurrences in the half-open window (after, until]', () => {
    const daily = { kind: 'daily', minuteOfDay: 5 } as const;
    expect(occurrencesBetween(daily, at('2026-03-01T00:05:00Z'), at('2026-03-03T00:05:00Z'))).toEqual([
      at('2026-03-02T00:05:00Z'),
      at('2026-03-03T00:05:00Z'),
    ]);
    expect(occurrencesBetween(daily, at('2026-03-01T00:06:00Z'), at('2026-03-02T00:04:59Z'))).toEqual([]);
  });

  it('lists monthly occurrences across a year boundary', () => {
    const monthly = { kind: 'monthly', dayOfMonth: 1, minuteOfDay: 120 } as const;
    expect(occurrencesBetween(monthly, at('2026-11-15T00:00:00Z'), at('2027-02-01T02:00:00Z'))).toEqual([
      at('2026-12-01T02:00:00Z'),
      at('2027-01-01T02:00:00Z'),
      at('2027-02-01T02:00:00Z'),
    ]);
  });

  it('returns nothing when the window is empty or backwards', () => {
    const daily = { kind: 'daily', minuteOfDay: 0 } as const;
    expect(occurrencesBetween(daily, at('2026-03-02T00:00:00Z'), at('2026-03-01T00:00:00Z'))).toEqual([]);
  });
});
