import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommission } from '../../src/commissions/grant_commission.js';
import { appendReferralEvent } from '../../src/referrals/storage/referral_events.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { givenAffiliate, givenReferredTeam } from '../support/ledger_fixtures.js';
import { type Receiver, startReceiver } from './receiver.js';

describe('early-churn reversals from the monthly reconciliation are announced', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({
      start: new Date('2026-01-05T12:00:00Z'),
      config: { allowPrivateWebhooks: true },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('sends commission.reversed for a team that churned within the window, as the clock passes the run', async () => {
    const affiliateId = await givenAffiliate(t.context);
    const endpoint = await t.call({
      method: 'POST',
      url: '/v1/webhook-endpoints',
      payload: { affiliateId, url: receiver.url, events: ['commission.reversed'] },
    });
    expect(endpoint.statusCode).toBe(201);
    const teamId = await givenReferredTeam(t.context, affiliateId);
    await grantCommission(t.context, { kind: 'milestone', teamId, tier: 'tier1' });
    for (const [type, at] of [
      ['paid', '2026-01-06T10:00:00Z'],
      ['churned', '2026-01-20T10:00:00Z'],
    ] as const) {
      await t.context.db.transaction((tx) =>
        appendReferralEvent(tx, {
          teamId,
          type,
          cause: 'test',
          occurredAt: new Date(at),
          recordedAt: new Date(at),
        }),
      );
    }
    expect(receiver.received).toHaveLength(0);

    // The reconciliation of January runs on Feb 1 at 02:00; the same clock move delivers its events.
    const moved = await t.call({
      method: 'POST',
      url: '/v1/admin/clock',
      payload: { now: '2026-02-01T03:00:00Z' },
    });
    expect(moved.statusCode).toBe(200);

    expect(receiver.received.map((delivery) => JSON.parse(delivery.body))).toMatchObject([
      {
        id: `commission.reversed:tier1:${teamId}:early_churn`,
        type: 'commission.reversed',
        data: {
          commissionId: `tier1:${teamId}`,
          teamId,
          tier: 'tier1',
          reversedCents: 5_000,
          cause: 'early_churn',
        },
      },
    ]);
  });
});
