import { describe, expect, it } from 'vitest';
import type { WhatIfTeamFacts } from '../../src/economics/rules/what_if_facts.js';
import { type ReplayClock, replayAffiliate } from '../../src/economics/rules/what_if_replay.js';
import {
  classifySettingsChanges,
  overlaidVersions,
  settingsTimeline,
  whatIfSettingsChangesSchema,
} from '../../src/economics/rules/what_if_settings.js';
import { roiOf } from '../../src/economics/rules/what_if_summary.js';
import { formatDollars } from '../../src/economics/rules/what_if_table.js';
import { defaultProgramSettings } from '../../src/settings/rules/program_settings.js';

const at = (text: string) => new Date(text);
const defaults = settingsTimeline([]);

function days(from: string, count: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(start + index * 86_400_000).toISOString().slice(0, 10),
  );
}

function team(overrides: Partial<WhatIfTeamFacts> & { teamId: string }): WhatIfTeamFacts {
  return {
    affiliateId: 'aff_1',
    source: 'direct_link',
    referred: true,
    affiliateActive: true,
    internal: false,
    signedUpAt: at('2026-01-05T12:00:00Z'),
    activeDays: [],
    memberReports: [],
    invoices: [],
    refunds: [],
    paidAt: null,
    churnedAt: null,
    sustainedAt: null,
    recorded: [],
    ...overrides,
  };
}

const clock: ReplayClock = {
  asOf: at('2026-06-01T00:00:00Z'),
  reconciledThrough: at('2026-05-01T00:00:00Z'),
};

describe('what-if settings', () => {
  it('splits changes into replayable ones and the ones it must refuse, ignoring unchanged values', () => {
    const { changed, unreplayable } = classifySettingsChanges(
      { tier1BonusCents: 10_000, cookieWindowDays: 90, attributionModel: 'first_click', minPayoutCents: 1 },
      defaultProgramSettings,
    );
    expect(changed).toEqual({ tier1BonusCents: { current: 5_000, whatIf: 10_000 } });
    expect(unreplayable).toEqual(['attributionModel', 'minPayoutCents']);
  });

  it('validates each changed setting as a saved version would, and refuses unknown names', () => {
    expect(whatIfSettingsChangesSchema.safeParse({ tier1BonusCents: -1 }).success).toBe(false);
    expect(whatIfSettingsChangesSchema.safeParse({ tier3RateBasisPoints: 10_001 }).success).toBe(false);
    expect(whatIfSettingsChangesSchema.safeParse({ tierOneBonus: 1 }).success).toBe(false);
    expect(whatIfSettingsChangesSchema.safeParse({}).success).toBe(true);
  });

  it('lays the change over every version and keeps the rest of each version', () => {
    const versions = [
      {
        effectiveFrom: at('2026-03-01T00:00:00Z'),
        settings: { ...defaultProgramSettings, tier2BonusCents: 30_000 },
      },
    ];
    const timeline = settingsTimeline(overlaidVersions(versions, { tier1BonusCents: 7_000 }));
    expect(timeline(at('2026-02-01T00:00:00Z'))).toMatchObject({
      tier1BonusCents: 7_000,
      tier2BonusCents: 25_000,
    });
    expect(timeline(at('2026-03-01T00:00:00Z'))).toMatchObject({
      tier1BonusCents: 7_000,
      tier2BonusCents: 30_000,
    });
  });
});

describe('replaying one affiliate with the live rules', () => {
  it('dates a milestone at the end of the UTC day that met it, and pays what the settings then say', () => {
    const replayed = replayAffiliate(
      [team({ teamId: 't1', activeDays: days('2026-01-05', 10) })],
      defaults,
      clock,
    );
    expect(replayed.map((c) => [c.id, c.earnedAt.toISOString(), c.grantedCents])).toEqual([
      ['tier1:t1', '2026-01-12T00:00:00.000Z', 5_000],
    ]);
  });

  it('keeps a recorded milestone at its recorded time when the facts met it then', () => {
    const recorded = {
      id: 'tier1:t1',
      tier: 'tier1' as const,
      amountCents: 5_000,
      cappedCents: 0,
      reversedCents: 0,
      earnedAt: at('2026-01-11T09:00:00Z'),
      released: false,
    };
    const facts = team({ teamId: 't1', activeDays: days('2026-01-05', 10), recorded: [recorded] });
    const [again] = replayAffiliate([facts], defaults, clock);
    expect(again?.earnedAt).toEqual(recorded.earnedAt);
    const doubled = settingsTimeline(overlaidVersions([], { tier1BonusCents: 10_000 }));
    expect(replayAffiliate([facts], doubled, clock)[0]?.grantedCents).toBe(10_000);
  });

  it('grants nothing new to an inactive affiliate, but replays what the ledger recorded for it', () => {
    const facts = team({ teamId: 't1', affiliateActive: false, activeDays: days('2026-01-05', 40) });
    expect(replayAffiliate([facts], defaults, clock)).toEqual([]);
  });

  it('fills the affiliate Tier 3 cap in payment order across its teams, and caps still hold when rates double', () => {
    const invoice = (teamId: string, hour: string) => ({
      id: `in_${teamId}`,
      amountCents: 1_000_000,
      paidAt: at(`2026-02-01T${hour}:00:00Z`),
    });
    // t2 pays first, although t1 sorts first.
    const teams = [
      team({ teamId: 't1', invoices: [invoice('t1', '11')] }),
      team({ teamId: 't2', invoices: [invoice('t2', '10')] }),
    ];
    const shares = (timeline = defaults) =>
      replayAffiliate(teams, timeline, clock).map((c) => [c.id, c.grantedCents, c.cappedCents]);
    expect(shares()).toEqual([
      ['tier3:in_t1', 50_000, 100_000],
      ['tier3:in_t2', 150_000, 0],
    ]);
    const doubled = settingsTimeline(overlaidVersions([], { tier3RateBasisPoints: 3_000 }));
    expect(shares(doubled)).toEqual([
      ['tier3:in_t1', 0, 300_000],
      ['tier3:in_t2', 200_000, 100_000],
    ]);
  });

  it('takes back refunds on the cumulative refunded total and early churn when the month was reconciled', () => {
    const facts = team({
      teamId: 't1',
      activeDays: days('2026-01-05', 10),
      invoices: [{ id: 'in_1', amountCents: 90_000, paidAt: at('2026-02-01T10:00:00Z') }],
      refunds: [
        { invoiceId: 'in_1', amountRefundedCents: 10_000 },
        { invoiceId: 'in_1', amountRefundedCents: 20_000 },
      ],
      paidAt: at('2026-02-01T10:00:00Z'),
    });
    const [tier1, tier3] = replayAffiliate([facts], defaults, clock);
    expect(tier1).toMatchObject({ grantedCents: 5_000, reversedCents: 0 });
    expect(tier3).toMatchObject({ grantedCents: 13_500, reversedCents: 4_500 });

    const churned = { ...facts, churnedAt: at('2026-02-20T00:00:00Z') };
    expect(replayAffiliate([churned], defaults, clock).map((c) => c.reversedCents)).toEqual([5_000, 13_500]);
    const shortWindow = settingsTimeline(overlaidVersions([], { earlyChurnWindowDays: 10 }));
    expect(replayAffiliate([churned], shortWindow, clock).map((c) => c.reversedCents)).toEqual([0, 4_500]);
    const unreconciled = { ...clock, reconciledThrough: at('2026-02-01T00:00:00Z') };
    expect(replayAffiliate([churned], defaults, unreconciled).map((c) => c.reversedCents)).toEqual([
      0, 4_500,
    ]);
  });

  it('gives agency teams Tier 4 and no milestones', () => {
    const facts = team({
      teamId: 't1',
      source: 'agency',
      activeDays: days('2026-01-05', 40),
      invoices: [{ id: 'in_1', amountCents: 40_000, paidAt: at('2026-02-01T10:00:00Z') }],
    });
    expect(replayAffiliate([facts], defaults, clock).map((c) => [c.id, c.grantedCents])).toEqual([
      ['tier4:in_1', 8_000],
    ]);
  });

  it("keeps an internal team's record as it is, whatever the settings, and its grants still fill the cap", () => {
    const invoice = (teamId: string, hour: string) => ({
      id: `in_${teamId}`,
      amountCents: 1_000_000,
      paidAt: at(`2026-02-01T${hour}:00:00Z`),
    });
    // The internal team paid first and was granted $1,500 (then marked: $1,000 of it taken back).
    const recorded = {
      id: 'tier3:in_t1',
      tier: 'tier3' as const,
      amountCents: 150_000,
      cappedCents: 0,
      reversedCents: 100_000,
      earnedAt: at('2026-02-01T10:00:00Z'),
      released: true,
    };
    const teams = [
      team({
        teamId: 't1',
        internal: true,
        activeDays: days('2026-01-05', 40),
        invoices: [invoice('t1', '10')],
        recorded: [recorded],
      }),
      team({ teamId: 't2', invoices: [invoice('t2', '11')] }),
    ];
    const doubled = settingsTimeline(
      overlaidVersions([], { tier3RateBasisPoints: 3_000, tier1BonusCents: 9_000 }),
    );
    for (const timeline of [defaults, doubled]) {
      expect(
        replayAffiliate(teams, timeline, clock).map((c) => [
          c.id,
          c.grantedCents,
          c.reversedCents,
          c.cappedCents,
        ]),
      ).toEqual([
        ['tier3:in_t1', 150_000, 100_000, 0],
        ['tier3:in_t2', 50_000, 0, timeline === defaults ? 100_000 : 250_000],
      ]);
    }
  });
});

describe('figures', () => {
  it('rounds ROI half up to one decimal, and has none without commissions', () => {
    expect(roiOf(1_900_800_000, 110_000_000)).toBe(17.3);
    expect(roiOf(100, 0)).toBeNull();
    expect(formatDollars(-123_456)).toBe('-$1,234.56');
  });
});
