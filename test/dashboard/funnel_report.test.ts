import { describe, expect, it } from 'vitest';
import {
  bucketStart,
  bucketStarts,
  buildFunnelReport,
  funnelRates,
  rangeDays,
} from '../../src/dashboard/funnel_report.js';
import { maskEmail } from '../../src/dashboard/rules/mask_email.js';

const row = (groupedBy: 'bucket' | 'link' | 'tag', key: string, clicks: number, signups = 0) => ({
  groupedBy,
  key,
  clicks,
  signups,
  activated: 0,
  paid: 0,
  sustained: 0,
});

describe('funnel report rules', () => {
  it.each([
    ['2026-03-04', 'day', '2026-03-04'],
    ['2026-03-04', 'week', '2026-03-02'],
    ['2026-03-01', 'week', '2026-02-23'],
    ['2026-03-02', 'week', '2026-03-02'],
    ['2026-12-31', 'month', '2026-12-01'],
  ] as const)('%s falls in the %s starting %s', (day, interval, start) => {
    expect(bucketStart(day, interval)).toBe(start);
  });

  it('lists every bucket of a range, across year ends', () => {
    expect(bucketStarts('2025-11-15', '2026-01-02', 'month')).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
    ]);
    expect(bucketStarts('2026-03-01', '2026-03-01', 'day')).toEqual(['2026-03-01']);
    expect(rangeDays('2024-02-28', '2024-03-01')).toBe(3);
  });

  it('sums rows into totals, series, links and tags with rates', () => {
    const report = buildFunnelReport(
      [
        row('bucket', '2026-03-02', 8, 2),
        row('bucket', '2026-03-03', 2, 1),
        row('link', 'lnk_a', 10, 2),
        row('link', '', 0, 1),
        row('tag', 'post', 10, 2),
        row('tag', '', 0, 1),
      ],
      { from: '2026-03-02', to: '2026-03-03', interval: 'day' },
      new Map([['lnk_a', { code: 'abc', tag: 'post' }]]),
    );
    expect(report.totals).toMatchObject({ clicks: 10, signups: 3 });
    expect(report.totals.rates.clickToSignup).toBe(0.3);
    expect(report.series).toEqual([
      expect.objectContaining({ start: '2026-03-02', clicks: 8, signups: 2 }),
      expect.objectContaining({ start: '2026-03-03', clicks: 2, signups: 1 }),
    ]);
    expect(report.byLink).toEqual([
      expect.objectContaining({ linkId: 'lnk_a', code: 'abc', clicks: 10, signups: 2 }),
      expect.objectContaining({ linkId: null, code: null, clicks: 0, signups: 1 }),
    ]);
    expect(report.byTag.map((entry) => entry.tag)).toEqual(['post', null]);
  });

  it('gives no rate where the earlier stage is zero', () => {
    expect(funnelRates({ clicks: 0, signups: 0, activated: 0, paid: 0, sustained: 0 })).toEqual({
      clickToSignup: null,
      signupToActivated: null,
      activatedToPaid: null,
      paidToSustained: null,
      clickToPaid: null,
    });
  });

  it('masks emails to their first letter and domain', () => {
    expect(maskEmail('lena@acme.io')).toBe('l**@acme.io');
    expect(maskEmail('x@y.z')).toBe('x**@y.z');
    expect(maskEmail('not-an-email')).toBe('**');
  });
});
