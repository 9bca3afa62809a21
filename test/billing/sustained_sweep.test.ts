import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/app/run_sweep.js';
import { applySustained } from '../../src/usage/apply_sustained.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { lifecycleOf, signUpTeam } from '../support/stripe_events.js';

const paidAt = '2026-01-10T15:00:00Z';
const dayAfterPaid = (offset: number) =>
  new Date(Date.parse('2026-01-10T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

describe('sustained, applied by the sweep', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-01-31T00:00:00Z') });
  });
  afterAll(async () => t.close());

  async function payingTeam(teamId: string, activeDayOffsets: number[], status = 'active') {
    await signUpTeam(t, teamId, new Date('2026-01-05T00:00:00Z'));
    const invoice = await t.call({
      method: 'POST',
      url: '/v1/track/invoice',
      payload: { invoiceId: `inv_${teamId}`, teamId, amountPaidCents: 9_900, currency: 'usd', paidAt },
    });
    expect(invoice.statusCode, invoice.body).toBe(200);
    const subscription = await t.call({
      method: 'POST',
      url: '/v1/track/subscription',
      payload: {
        subscriptionId: `sub_${teamId}`,
        teamId,
        status,
        monthlyAmountCents: 9_900,
        occurredAt: paidAt,
      },
    });
    expect(subscription.statusCode, subscription.body).toBe(200);
    // Usage of referred teams arrives through /v1/track/usage; these teams are not referred, so
    // their active days are written directly.
    for (const offset of activeDayOffsets) {
      await t.context.db.query('INSERT INTO team_usage_days (team_id, day, api_calls) VALUES ($1, $2, 5)', [
        teamId,
        dayAfterPaid(offset),
      ]);
    }
  }

  it('marks sustained only teams active in every 30-day period with a live subscription, once', async () => {
    await payingTeam('team_steady', [0, 31, 89]);
    await payingTeam('team_gap', [0, 31]);
    await payingTeam('team_past_due', [1, 35, 70], 'past_due');
    await payingTeam('team_unpaid', [1, 35, 70], 'unpaid');

    const early = await applySustained(t.context, new Date('2026-04-10T15:00:00Z'));
    expect(early).toEqual({ teamsSustained: 0 });

    const asOf = new Date('2026-04-12T00:00:00Z');
    const summary = await runSweep(t.context, asOf);
    expect(summary).toMatchObject({ teamsSustained: 2 });
    for (const teamId of ['team_steady', 'team_past_due']) {
      const lifecycle = await lifecycleOf(t, teamId);
      expect(lifecycle.status).toBe('sustained');
      expect(lifecycle.events.at(-1)).toEqual({
        type: 'sustained',
        occurredAt: '2026-04-10T15:00:00.000Z',
        cause: 'active_use',
      });
    }
    expect((await lifecycleOf(t, 'team_gap')).status).toBe('paid');
    expect((await lifecycleOf(t, 'team_unpaid')).status).toBe('paid');
    expect(await applySustained(t.context, asOf)).toEqual({ teamsSustained: 0 });
  });
});
