import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { reconcileMonth } from '../../src/commissions/reconcile_month.js';
import { revenueShareWindowsByVersion } from '../../src/commissions/rules/reconciliation.js';
import { teamsWithUngrantedTiers } from '../../src/commissions/storage/reconciliation.js';
import { defaultProgramSettings } from '../../src/settings/rules/program_settings.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';

describe('missed tiers found in SQL', () => {
  let t: TestApp;
  const teams: Record<string, string> = {};
  const monthEnd = new Date('2026-02-01T00:00:00Z');

  /** `days` active days from `firstDay` on, written directly as if the usage effect had missed them. */
  const activeDays = (teamId: string, firstDay: string, days: number) =>
    t.context.db.query(
      `INSERT INTO team_usage_days (team_id, day, api_calls)
       SELECT $1, $2::date + d, 100 FROM generate_series(0, $3 - 1) AS d`,
      [teamId, firstDay, days],
    );
  const invoice = (teamId: string, id: string, amountCents: number, paidAt: string) =>
    t.context.db.query(
      `INSERT INTO billing_invoices (id, source, team_id, amount_paid_cents, currency, paid_at, recorded_at)
       VALUES ($1, 'api', $2, $3, 'usd', $4, $4)`,
      [id, teamId, amountCents, paidAt],
    );

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-05T12:00:00Z') });
    const affiliateId = await givenAffiliate(t.context);
    // Seven active days after signup and no Tier 1: missed.
    teams.missedTier1 = await givenReferredTeam(t.context, affiliateId);
    await activeDays(teams.missedTier1, '2026-01-06', 7);
    // Seven active days, but two of them before signup: not due yet.
    teams.beforeSignup = await givenReferredTeam(t.context, affiliateId);
    await activeDays(teams.beforeSignup, '2026-01-03', 7);
    // Granted at once: nothing to find.
    teams.granted = await givenReferredTeam(t.context, affiliateId);
    await activeDays(teams.granted, '2026-01-06', 7);
    await grantCommission(t.context, { kind: 'milestone', teamId: teams.granted, tier: 'tier1' });
    // Six active days: not due.
    teams.short = await givenReferredTeam(t.context, affiliateId);
    await activeDays(teams.short, '2026-01-06', 6);
    // $40 a month: below the Tier 3 threshold, no revenue share is missing.
    teams.small = await givenReferredTeam(t.context, affiliateId);
    await invoice(teams.small, 'inv_small', 4_000, '2026-01-10T10:00:00Z');
    // $600 in January with its Tier 3 missed; the $40 December invoice is before the window.
    teams.upgraded = await givenReferredTeam(t.context, affiliateId);
    await invoice(teams.upgraded, 'inv_before', 4_000, '2025-12-10T10:00:00Z');
    await invoice(teams.upgraded, 'inv_upgraded', 60_000, '2026-01-12T10:00:00Z');
  }, 120_000);
  afterAll(async () => t.close());

  it('finds exactly the teams missing a commission they are due', async () => {
    const found = await teamsWithUngrantedTiers(t.context.db, {
      monthEnd,
      windows: revenueShareWindowsByVersion([]),
      milestones: defaultProgramSettings,
    });
    expect(found).toEqual([teams.missedTier1, teams.upgraded].sort());
  });

  it('grants them in the month’s run, and finds nothing afterwards', async () => {
    // Run by hand (the clock stays before the scheduled run, whose sweep would catch up first).
    const report = await reconcileMonth(t.context, '2026-01', new Date('2026-02-01T02:00:00Z'));
    expect(report.bonuses).toEqual({ teams: 2, commissions: 2, totalCents: 5_000 + 9_000 });
    const after = await teamsWithUngrantedTiers(t.context.db, {
      monthEnd,
      windows: revenueShareWindowsByVersion([]),
      milestones: defaultProgramSettings,
    });
    expect(after).toEqual([]);
    await expectLedgerBalanced(t.context);
  });
});
