import { expect } from 'vitest';
import { advanceTo, deliverOk, referTeam, StripeTeam } from '../commissions_flow/support.js';
import type { TestApp } from '../support/app.js';
import { createAffiliate } from '../support/attribution.js';

/**
 * A small program run through the real use cases, with every figure it should produce written out
 * by hand in actuals_flow.test.ts:
 *
 * - 2026-01-05: affiliate A joins (the program starts: year 1 = 2026-01-01 to 2027-01-01); its link
 *   refers team_one (lead@acme-one.example.com). team_one calls the API 200 times a day from Jan 5:
 *   activated on Jan 9 (1,000 calls), Tier 1 ($50) on Jan 11 (7th active day).
 * - 2026-02-01: affiliates B (dev.b@bee.example.com) and C (lead@acme-one.example.com, team_one's
 *   own signup email: referred themselves) join; team_one subscribes at $600 a month and pays its
 *   first invoice ($600: Tier 3, 15 % = $90); a team nobody referred (team_direct) subscribes at
 *   $400 a month.
 * - 2026-02-03: B's link refers team_two (cto@acme-two.example.com), which never calls the API.
 * - 2026-02-10: $100 of team_one's invoice is refunded (Tier 3 gives back floor(9,000 × 1/6) = 1,500).
 * - The clock stops at 2026-02-20 12:00.
 */
export async function runSmallProgram(t: TestApp): Promise<void> {
  const affiliateA = await createAffiliate(t, 'dev.a@affiliates.example.com');
  await referTeam(t, { teamId: 'team_one', email: 'lead@acme-one.example.com', affiliateId: affiliateA });
  for (let day = 5; day <= 11; day += 1) {
    const date = `2026-01-${String(day).padStart(2, '0')}`;
    await advanceTo(t, new Date(`${date}T10:00:00Z`));
    await reportUsage(t, 'team_one', date, 200);
  }
  await advanceTo(t, new Date('2026-02-01T09:00:00Z'));
  await createAffiliate(t, 'lead@acme-one.example.com');
  const affiliateB = await createAffiliate(t, 'dev.b@bee.example.com');
  const one = new StripeTeam('team_one', '2026-02-01T09:00:00Z');
  const direct = new StripeTeam('team_direct', '2026-02-01T09:00:00Z');
  await deliverOk(t, one.customerCreated('2026-02-01T09:00:00Z'));
  await deliverOk(t, one.subscription('created', '2026-02-01T09:00:00Z', 60_000));
  await deliverOk(t, direct.customerCreated('2026-02-01T09:00:00Z'));
  await deliverOk(t, direct.subscription('created', '2026-02-01T09:00:00Z', 40_000));
  await advanceTo(t, new Date('2026-02-01T10:00:00Z'));
  await deliverOk(t, one.invoicePaid('02', '2026-02-01T10:00:00Z', 60_000));
  await advanceTo(t, new Date('2026-02-03T10:00:00Z'));
  await referTeam(t, { teamId: 'team_two', email: 'cto@acme-two.example.com', affiliateId: affiliateB });
  await advanceTo(t, new Date('2026-02-10T12:00:00Z'));
  await deliverOk(t, one.chargeRefunded('02', '2026-02-10T12:00:00Z', 60_000, 10_000));
  await advanceTo(t, new Date('2026-02-20T12:00:00Z'));
}

async function reportUsage(t: TestApp, teamId: string, date: string, apiCalls: number): Promise<void> {
  const response = await t.call({
    method: 'POST',
    url: '/v1/track/usage',
    payload: { events: [{ id: `use_${teamId}_${date}`, teamId, apiCalls, occurredAt: `${date}T09:00:00Z` }] },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toMatchObject({ accepted: 1 });
}

/** A period's figures as `{metric: [actual, projected, difference]}`, for comparisons written by hand. */
export function figuresOf(period: {
  figures: { metric: string; actual: number | null; projected: number | null; difference: number | null }[];
}): Record<string, [number | null, number | null, number | null]> {
  return Object.fromEntries(
    period.figures.map((figure) => [figure.metric, [figure.actual, figure.projected, figure.difference]]),
  );
}
