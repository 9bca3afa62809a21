import { describe, expect, it } from 'vitest';
import { formatCents, formatDate, formatRate } from '../../web/src/format.js';

describe('the web app writes money, dates and rates out exactly', () => {
  it.each([
    [0, 'usd', '$0.00'],
    [5, 'usd', '$0.05'],
    [1_500, 'usd', '$15.00'],
    [123_456_789, 'usd', '$1,234,567.89'],
    [-2_550, 'usd', '-$25.50'],
    [9_999, 'eur', 'EUR 99.99'],
  ])('%i cents in %s is %s', (cents, currency, written) => {
    expect(formatCents(cents, currency)).toBe(written);
  });

  it.each([
    [1, 3, '33.3 %'],
    [2, 3, '66.7 %'],
    [1, 1, '100.0 %'],
    [0, 5, '0.0 %'],
    [4, 0, '—'],
  ])('%i of %i is %s', (count, previous, written) => {
    expect(formatRate(count, previous)).toBe(written);
  });

  it('writes dates in UTC and a dash for none', () => {
    expect(formatDate('2026-05-05T23:30:00.000Z')).toBe('5 May 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
  });
});
