import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  calendarMonthKey,
  calendarMonthStart,
  isWithinHalfOpen,
  nextCalendarMonthStart,
} from '../../../src/commissions/rules/calendar_months.js';

const at = (iso: string) => new Date(iso);

describe('calendar months (UTC)', () => {
  it.each([
    ['2026-01-15T10:30:00.000Z', 1, '2026-02-15T10:30:00.000Z'],
    ['2026-01-31T23:59:59.999Z', 1, '2026-02-28T23:59:59.999Z'],
    ['2028-01-31T00:00:00.000Z', 1, '2028-02-29T00:00:00.000Z'],
    ['2026-08-31T12:00:00.000Z', 6, '2027-02-28T12:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', 1, '2026-04-30T00:00:00.000Z'],
    ['2026-07-15T00:00:00.000Z', 6, '2027-01-15T00:00:00.000Z'],
    ['2026-12-31T00:00:00.000Z', 12, '2027-12-31T00:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', -1, '2026-02-28T00:00:00.000Z'],
    ['2026-05-10T00:00:00.000Z', 0, '2026-05-10T00:00:00.000Z'],
  ])('%s + %i months = %s', (start, months, expected) => {
    expect(addCalendarMonths(at(start), months).toISOString()).toBe(expected);
  });

  it('names months and their bounds in UTC, whatever the local offset would say', () => {
    const lateOnTheLastDay = at('2026-01-31T23:30:00.000Z');
    expect(calendarMonthKey(lateOnTheLastDay)).toBe('2026-01');
    expect(calendarMonthStart(lateOnTheLastDay).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(nextCalendarMonthStart(lateOnTheLastDay).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(nextCalendarMonthStart(at('2026-12-05T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('treats windows as half-open', () => {
    const start = at('2026-01-01T00:00:00Z');
    const end = at('2026-07-01T00:00:00Z');
    expect(isWithinHalfOpen(start, start, end)).toBe(true);
    expect(isWithinHalfOpen(new Date(end.getTime() - 1), start, end)).toBe(true);
    expect(isWithinHalfOpen(end, start, end)).toBe(false);
  });

  it('never overshoots the target month and keeps the time of day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 120 }),
        (date, months) => {
          const later = addCalendarMonths(date, months);
          const monthsApart =
            (later.getUTCFullYear() - date.getUTCFullYear()) * 12 + later.getUTCMonth() - date.getUTCMonth();
          expect(monthsApart).toBe(months);
          expect(later.getUTCDate()).toBeLessThanOrEqual(date.getUTCDate());
          expect(later.getTime() % 86_400_000).toBe(date.getTime() % 86_400_000);
        },
      ),
    );
  });
});
