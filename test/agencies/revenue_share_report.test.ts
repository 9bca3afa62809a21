import { describe, expect, it } from 'vitest';
import {
  buildRevenueShareReport,
  monthsOfRange,
  revenueShareRange,
} from '../../src/agencies/rules/revenue_share_report.js';

const at = (iso: string) => new Date(iso);

describe('the revenue share report (pure)', () => {
  it('defaults to this month and the eleven before it, ending today', () => {
    expect(revenueShareRange({}, '2026-03-17')).toEqual({ from: '2025-04-01', to: '2026-03-17' });
    expect(revenueShareRange({ to: '2026-01-31' }, '2026-03-17')).toEqual({
      from: '2025-02-01',
      to: '2026-01-31',
    });
  });

  it('refuses a reversed range, a range over two years and days that are not days', () => {
    expect(() => revenueShareRange({ from: '2026-03-02', to: '2026-03-01' }, '2026-03-17')).toThrow(
      'from must not be after to',
    );
    expect(() => revenueShareRange({ from: '2024-01-01', to: '2026-01-01' }, '2026-03-17')).toThrow(
      'at most 731 days',
    );
    expect(() => revenueShareRange({ from: '2026-02-30x' }, '2026-03-17')).toThrow('calendar days');
    expect(revenueShareRange({ from: '2024-01-02', to: '2026-01-01' }, '2026-03-17').from).toBe('2024-01-02');
  });

  it('lists every month the range touches, across a year end', () => {
    expect(monthsOfRange({ from: '2025-11-20', to: '2026-02-01' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsOfRange({ from: '2026-03-05', to: '2026-03-05' })).toEqual(['2026-03']);
  });

  it('sums per client and UTC month, empty months included, most earned first, with the project', () => {
    const report = buildRevenueShareReport(
      { from: '2026-01-01', to: '2026-03-31' },
      [
        { teamId: 'team_b', earnedAt: at('2026-01-31T23:59:59Z'), earnedCents: 300 },
        { teamId: 'team_a', earnedAt: at('2026-01-10T00:00:00Z'), earnedCents: 1_000 },
        { teamId: 'team_a', earnedAt: at('2026-03-01T00:00:00Z'), earnedCents: 250 },
        { teamId: 'team_a', earnedAt: at('2026-03-20T00:00:00Z'), earnedCents: 0 },
        { teamId: 'team_c', earnedAt: at('2026-02-01T00:00:00Z'), earnedCents: 300 },
      ],
      new Map([['team_a', { projectId: 'prj_1', projectName: 'Acme rollout' }]]),
    );
    expect(report.totals).toEqual({ earnedCents: 1_850, clients: 3 });
    expect(report.interval).toBe('month');
    expect(report.byClient).toEqual([
      {
        teamId: 'team_a',
        projectId: 'prj_1',
        projectName: 'Acme rollout',
        series: [
          { start: '2026-01-01', earnedCents: 1_000 },
          { start: '2026-02-01', earnedCents: 0 },
          { start: '2026-03-01', earnedCents: 250 },
        ],
        totalCents: 1_250,
      },
      {
        teamId: 'team_b',
        projectId: null,
        projectName: null,
        series: [
          { start: '2026-01-01', earnedCents: 300 },
          { start: '2026-02-01', earnedCents: 0 },
          { start: '2026-03-01', earnedCents: 0 },
        ],
        totalCents: 300,
      },
      {
        teamId: 'team_c',
        projectId: null,
        projectName: null,
        series: [
          { start: '2026-01-01', earnedCents: 0 },
          { start: '2026-02-01', earnedCents: 300 },
          { start: '2026-03-01', earnedCents: 0 },
        ],
        totalCents: 300,
      },
    ]);
  });

  it('is empty, with zero totals, when nothing was earned', () => {
    expect(buildRevenueShareReport({ from: '2026-01-01', to: '2026-01-31' }, [], new Map())).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      interval: 'month',
      totals: { earnedCents: 0, clients: 0 },
      byClient: [],
    });
  });
});
