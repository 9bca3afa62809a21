import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTeamCommissions } from '../../src/commissions/evaluate_team_commissions.js';
import { reconcileMonth } from '../../src/commissions/reconcile_month.js';
import type { ReferralSource } from '../../src/commissions/rules/tiers.js';
import { loadTeamCommissions } from '../../src/commissions/storage/commissions.js';
import { updateProgramSettings } from '../../src/settings/update_program_settings.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { simulatedYearBudgetMs } from '../support/budgets.js';
import {
  expectLedgerBalanced,
  givenAffiliate,
  givenReferredTeam,
  reachStage,
} from '../support/ledger_fixtures.js';

/**
 * The live engine and the monthly reconciliation must agree on what a referred team is owed.
 * Each run plays one random history twice, on two teams of two affiliates (so that caps do not
 * mix them): team "live" is evaluated after every fact, as billing and usage effects do; team
 * "missed" gets the same facts with no evaluation at all. Then the month is reconciled: it must
 * find nothing missing on the live team and grant the missed team exactly what the live one got.
 * The Tier 3 threshold changes in the middle of the month, so the window of each invoice depends
 * on the settings version in force when it was paid.
 */

const dayMs = 86_400_000;
const runsMax = 12;

interface History {
  source: ReferralSource;
  /** Invoices by day offset from the start of the month before the reconciled one (0–58). */
  invoices: Array<{ day: number; amountCents: number }>;
  /** Active usage days, by the same offset. */
  activeDays: number[];
  thresholdBeforeCents: number;
  thresholdAfterCents: number;
}

const historyArbitrary: fc.Arbitrary<History> = fc.record({
  source: fc.constantFrom<ReferralSource>('direct_link', 'direct_link', 'direct_link', 'agency', 'content'),
  invoices: fc.uniqueArray(
    fc.record({ day: fc.integer({ min: 1, max: 58 }), amountCents: fc.integer({ min: 0, max: 90_000 }) }),
    { minLength: 1, maxLength: 6, selector: (invoice) => invoice.day },
  ),
  activeDays: fc.uniqueArray(fc.integer({ min: 1, max: 58 }), { maxLength: 10 }),
  // Raised more often than lowered: a raise is where month-end settings would miss a share.
  thresholdBeforeCents: fc.constantFrom(20_000, 20_000, 50_000),
  thresholdAfterCents: fc.constantFrom(20_000, 80_000, 80_000),
});

describe('reconciliation agrees with the live engine', () => {
  let t: TestApp;
  let run = 0;
  let grantedByReconciliation = 0;

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2030-01-01T00:00:00Z') });
  }, 120_000);
  afterAll(async () => t.close());

  /** Each run takes two calendar months of its own, later than the runs before it. */
  const slotStart = (index: number) => new Date(Date.UTC(2030, index * 2, 1));

  const owed = async (teamId: string) =>
    (await loadTeamCommissions(t.context.db, teamId))
      .map((commission) => ({
        tier: commission.tier,
        invoice: commission.invoiceId?.replace(/^[a-z]+_\d+_/, '') ?? null,
        amountCents: commission.amountCents,
        cappedCents: commission.cappedCents,
      }))
      .sort((a, b) => `${a.tier}${a.invoice}`.localeCompare(`${b.tier}${b.invoice}`));

  it('grants a share paid under the threshold then in force, though the month-end threshold is higher', async () => {
    // A direct-link team with no usage (so no milestone brings it to the search) pays an invoice
    // between the old and the new Tier 3 threshold, before the threshold is raised mid-month.
    // Only a search that judges the invoice by the settings of its payment time finds it. The
    // teams reach `paid` with the invoice (the billing lifecycle ran, the grant was lost), so the
    // sweep's billing catch-up, which looks at teams not yet paid, leaves them alone.
    const start = slotStart(run);
    run += 1;
    const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const monthEnd = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 1));
    const paidAt = new Date(monthStart.getTime() + 4 * dayMs + 10 * 3_600_000);
    const thresholdChange = new Date(monthStart.getTime() + 14 * dayMs);
    await t.clock.advanceTo(start);
    await updateProgramSettings(t.context, {
      changes: { tier3MonthlyPaidThresholdCents: 20_000 },
      effectiveFrom: start,
    });
    await updateProgramSettings(t.context, {
      changes: { tier3MonthlyPaidThresholdCents: 80_000 },
      effectiveFrom: thresholdChange,
    });
    const teams = {
      live: await givenReferredTeam(t.context, await givenAffiliate(t.context, 'developer')),
      missed: await givenReferredTeam(t.context, await givenAffiliate(t.context, 'developer')),
    };
    await t.clock.advanceTo(paidAt);
    for (const [name, teamId] of Object.entries(teams)) {
      await reachStage(t.context, teamId, 'paid');
      await t.context.db.query(
        `INSERT INTO billing_invoices (id, source, team_id, amount_paid_cents, currency, paid_at, recorded_at)
         VALUES ($1, 'api', $2, 50000, 'usd', $3, $3)`,
        [`${name}_${run}_inv_early`, teamId, paidAt],
      );
    }
    await evaluateTeamCommissions(t.context, teams.live);
    const liveOwed = await owed(teams.live);
    expect(liveOwed).toEqual([expect.objectContaining({ tier: 'tier3', invoice: 'inv_early' })]);

    await t.clock.advanceTo(new Date(monthEnd.getTime() - 1));
    // No scheduled job granted it on the way: whatever the missed team gets, reconciliation grants.
    expect(await owed(teams.missed)).toEqual([]);
    const report = await reconcileMonth(t.context, monthStart.toISOString().slice(0, 7), monthEnd);

    expect(report.bonuses.commissions).toBeGreaterThanOrEqual(1);
    expect(await owed(teams.missed)).toEqual(liveOwed);
    expect(await owed(teams.live)).toEqual(liveOwed);
    await expectLedgerBalanced(t.context);
  });

  it(
    'finds nothing missed when the live engine ran, and grants exactly what it would have when it did not',
    async () => {
      await fc.assert(
        fc.asyncProperty(historyArbitrary, async (history) => {
          const start = slotStart(run);
          run += 1;
          const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
          const monthEnd = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 1));
          const thresholdChange = new Date(monthStart.getTime() + 14 * dayMs + 12 * 3_600_000);
          await t.clock.advanceTo(start);
          await updateProgramSettings(t.context, {
            changes: { tier3MonthlyPaidThresholdCents: history.thresholdBeforeCents },
            effectiveFrom: start,
          });
          await updateProgramSettings(t.context, {
            changes: { tier3MonthlyPaidThresholdCents: history.thresholdAfterCents },
            effectiveFrom: thresholdChange,
          });
          const kind = history.source === 'agency' ? 'agency' : 'developer';
          const teams = {
            live: await givenReferredTeam(t.context, await givenAffiliate(t.context, kind), history),
            missed: await givenReferredTeam(t.context, await givenAffiliate(t.context, kind), history),
          };
          const facts = [
            ...history.invoices.map((invoice) => ({ kind: 'invoice' as const, ...invoice })),
            ...history.activeDays.map((day) => ({ kind: 'usage' as const, day, amountCents: 0 })),
          ].sort((a, b) => a.day - b.day);
          for (const fact of facts) {
            const at = new Date(start.getTime() + fact.day * dayMs + 10 * 3_600_000);
            await t.clock.advanceTo(at);
            for (const [name, teamId] of Object.entries(teams)) {
              if (fact.kind === 'invoice') {
                await t.context.db.query(
                  `INSERT INTO billing_invoices (id, source, team_id, amount_paid_cents, currency, paid_at, recorded_at)
                   VALUES ($1, 'api', $2, $3, 'usd', $4, $4)`,
                  [`${name}_${run}_inv${fact.day}`, teamId, fact.amountCents, at],
                );
              } else {
                await t.context.db.query(
                  'INSERT INTO team_usage_days (team_id, day, api_calls) VALUES ($1, $2::date, 100)',
                  [teamId, at.toISOString().slice(0, 10)],
                );
              }
            }
            // The live team is evaluated as its effects would: at once, and again the next day
            // for the usage day just ended.
            await evaluateTeamCommissions(t.context, teams.live);
            if (fact.kind === 'usage') {
              await evaluateTeamCommissions(t.context, teams.live, new Date(at.getTime() + dayMs));
            }
          }
          const liveBefore = await owed(teams.live);
          await t.clock.advanceTo(new Date(monthEnd.getTime() - 1));
          const report = await reconcileMonth(t.context, monthStart.toISOString().slice(0, 7), monthEnd);
          grantedByReconciliation += report.bonuses.commissions;

          expect(await owed(teams.live)).toEqual(liveBefore);
          expect(await owed(teams.missed)).toEqual(liveBefore);
        }),
        { numRuns: runsMax, seed: 20_300_101, endOnFailure: true },
      );
      // The seed's histories leave grants for the reconciliation to make, so the property is not vacuous.
      expect(grantedByReconciliation).toBeGreaterThan(0);
      await expectLedgerBalanced(t.context);
    },
    simulatedYearBudgetMs,
  );
});
