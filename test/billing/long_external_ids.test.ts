import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/app/run_sweep.js';
import { revenueShareWindowsByVersion } from '../../src/commissions/rules/reconciliation.js';
import { commissionIdFor } from '../../src/commissions/rules/tiers.js';
import { teamsWithUngrantedTiers } from '../../src/commissions/storage/reconciliation.js';
import { transferIdLengthMax } from '../../src/ledger/rules/ledger.js';
import { embeddedIdSql } from '../../src/platform/db/embedded_id_sql.js';
import {
  embeddedId,
  embeddedIdLengthMax,
  embeddedIdVerbatimLengthMax,
} from '../../src/platform/rules/external_ids.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, reachStage } from '../support/ledger_fixtures.js';
import {
  billingRowCounts,
  customerObject,
  deliver,
  paidInvoiceObject,
  refundedChargeObject,
  stripeEvent,
  testWebhookSecret,
} from '../support/stripe_events.js';
import { insertAffiliate, insertTeam } from '../support/teams.js';

/** An id of exactly `length` characters, distinguished by `prefix`. */
function idOf(prefix: string, length: number): string {
  return `${prefix}${'x'.repeat(length - prefix.length)}`;
}

describe('embedded external ids', () => {
  it('keeps an id of up to 200 characters verbatim, as ids stored before were', () => {
    for (const id of ['in_1', idOf('in_', 186), idOf('in_', embeddedIdVerbatimLengthMax)]) {
      expect(embeddedId(id)).toBe(id);
    }
    expect(commissionIdFor({ tier: 'tier3', invoiceId: 'in_1' })).toBe('tier3:in_1');
  });

  it('bounds a longer id to a prefix and its SHA-256, distinct for ids that share the prefix', () => {
    const a = embeddedId(`${idOf('in_', 254)}a`);
    const b = embeddedId(`${idOf('in_', 254)}b`);
    const c = embeddedId(idOf('in_', 201));
    for (const bounded of [a, b, c]) {
      expect(bounded).toHaveLength(embeddedIdLengthMax);
      expect(bounded).toMatch(/^in_x+~[0-9a-f]{64}$/);
    }
    expect(new Set([a, b, c]).size).toBe(3);
    expect(embeddedId(`${idOf('in_', 254)}a`)).toBe(a);
    expect(embeddedIdLengthMax).toBeGreaterThan(embeddedIdVerbatimLengthMax);
    const longest = `${commissionIdFor({ tier: 'content', invoiceId: idOf('in_', 255) })}:reversed:refund:100000000000`;
    expect(longest.length).toBeLessThanOrEqual(transferIdLengthMax);
  });
});

describe('long external ids through the API, Stripe, the sweep and reconciliation', () => {
  let t: TestApp;
  let trackKey: string;
  const start = new Date('2026-05-01T00:00:00Z');
  beforeAll(async () => {
    t = await startTestApp({ start, config: { stripeWebhookSecret: testWebhookSecret } });
    const created = await t.call({
      method: 'POST',
      url: '/v1/keys',
      payload: { scope: 'track', name: 'ids' },
    });
    trackKey = (created.json() as { key: string }).key;
  });
  afterAll(async () => t.close());

  async function referredTeam(teamId: string): Promise<void> {
    const affiliateId = await insertAffiliate(t.context.db, new Date('2026-01-01T00:00:00Z'));
    await insertTeam(t.context.db, { affiliateId, at: new Date('2026-01-10T00:00:00Z'), teamId });
  }

  const track = (url: string, payload: Record<string, unknown>) =>
    t.call({ method: 'POST', url, payload, auth: trackKey });

  async function transferIdsOf(commissionId: string): Promise<string[]> {
    const rows = await t.context.db.query<{ id: string }>(
      'SELECT id FROM ledger_transfers WHERE commission_id = $1 ORDER BY id',
      [commissionId],
    );
    return rows.map((row) => row.id);
  }

  it('gives the same bounded id in SQL as in code', async () => {
    const ids = ['in_1', idOf('in_', 200), idOf('in_', 201), idOf('in_', 255), `${idOf('in_', 254)}b`];
    const [row] = await t.context.db.query<{ bounded: string[] }>(
      `SELECT array_agg(${embeddedIdSql('id')} ORDER BY n) AS bounded
         FROM unnest($1::text[]) WITH ORDINALITY AS ids(id, n)`,
      [ids],
    );
    expect(row!.bounded).toEqual(ids.map(embeddedId));
  });

  it('records a 255-character invoice and its Tier 3 share, then refunds it', async () => {
    await referredTeam('team_long_plain');
    const invoiceId = idOf('inv_', 255);
    const paid = await track('/v1/track/invoice', {
      invoiceId,
      teamId: 'team_long_plain',
      amountPaidCents: 60_000,
      currency: 'usd',
      paidAt: '2026-02-01T09:00:00Z',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    const commissionId = commissionIdFor({ tier: 'tier3', invoiceId });
    expect(commissionId).toHaveLength(6 + embeddedIdLengthMax);
    expect(await transferIdsOf(commissionId)).toEqual([`${commissionId}:created`, `${commissionId}:vested`]);
    const refund = await track('/v1/track/refund', {
      refundId: idOf('re_', 255),
      invoiceId,
      amountRefundedCents: 6_000,
      currency: 'usd',
      refundedAt: '2026-02-03T09:00:00Z',
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(await transferIdsOf(commissionId)).toContain(`${commissionId}:reversed:refund:6000`);
    await expectLedgerBalanced(t.context);
  });

  it('refunds an invoice whose id (172–184 characters) was kept verbatim', async () => {
    await referredTeam('team_long_refund');
    const invoiceId = idOf('inv_', 180);
    const paid = await track('/v1/track/invoice', {
      invoiceId,
      teamId: 'team_long_refund',
      amountPaidCents: 60_000,
      currency: 'usd',
      paidAt: '2026-02-01T09:00:00Z',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    const refund = await track('/v1/track/refund', {
      refundId: 're_short',
      invoiceId,
      amountRefundedCents: 60_000,
      currency: 'usd',
      refundedAt: '2026-02-03T09:00:00Z',
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(await transferIdsOf(`tier3:${invoiceId}`)).toContain(`tier3:${invoiceId}:reversed:refund:60000`);
  });

  it('refuses an id over 255 characters at the edge and writes nothing', async () => {
    const before = await billingRowCounts(t);
    const response = await track('/v1/track/invoice', {
      invoiceId: idOf('inv_', 256),
      teamId: 'team_long_plain',
      amountPaidCents: 60_000,
      currency: 'usd',
      paidAt: '2026-02-01T09:00:00Z',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', path: 'body.invoiceId' });
    expect(await billingRowCounts(t)).toEqual(before);
  });

  it('holds usage to the same team id rule as signups', async () => {
    const occurredAt = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const response = await track('/v1/track/usage', {
      events: [
        { id: 'ev_team_128', teamId: idOf('team_', 128), apiCalls: 1, occurredAt },
        { id: 'ev_team_129', teamId: idOf('team_', 129), apiCalls: 1, occurredAt },
        { id: 'ev_team_space', teamId: 'team with space', apiCalls: 1, occurredAt },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      ignored: 1,
      rejected: [
        { index: 1, reason: 'invalid_team_id' },
        { index: 2, reason: 'invalid_team_id' },
      ],
    });
  });

  it('applies signed Stripe invoice.paid and charge.refunded with 255-character ids', async () => {
    await referredTeam('team_long_stripe');
    const customer = customerObject({ customerId: 'cus_long', teamId: 'team_long_stripe', created: start });
    expect(
      (await deliver(t, stripeEvent('evt_long_c', 'customer.created', start, customer))).statusCode,
    ).toBe(200);
    const invoiceId = idOf('in_', 255);
    const chargeId = idOf('ch_', 255);
    const paymentIntentId = idOf('pi_', 255);
    const invoice = paidInvoiceObject({
      shape: 'current',
      invoiceId,
      customerId: 'cus_long',
      subscriptionId: idOf('sub_', 255),
      amountPaidCents: 60_000,
      paidAt: '2026-02-01T00:00:00Z',
      paymentIntentId,
    });
    const paid = await deliver(t, stripeEvent(idOf('evt_', 255), 'invoice.paid', start, invoice));
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ handled: true });
    const commissionId = commissionIdFor({ tier: 'tier3', invoiceId });
    expect(await transferIdsOf(commissionId)).toHaveLength(2);
    const charge = refundedChargeObject({
      shape: 'current',
      chargeId,
      customerId: 'cus_long',
      paymentIntentId,
      amountCents: 60_000,
      amountRefundedCents: 60_000,
    });
    const refunded = await deliver(t, stripeEvent('evt_long_r', 'charge.refunded', start, charge));
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect(refunded.json()).toMatchObject({ handled: true });
    expect(await transferIdsOf(commissionId)).toContain(`${commissionId}:reversed:refund:60000`);
    await expectLedgerBalanced(t.context);
  });

  it('ignores (stores, applies nothing) a Stripe invoice whose id breaks the id rule', async () => {
    const invoice = paidInvoiceObject({
      shape: 'legacy',
      invoiceId: idOf('in_', 256),
      customerId: 'cus_long',
      subscriptionId: 'sub_x',
      amountPaidCents: 60_000,
      paidAt: '2026-02-02T00:00:00Z',
      paymentIntentId: 'pi_x',
    });
    const before = await billingRowCounts(t);
    const response = await deliver(t, stripeEvent('evt_long_bad', 'invoice.paid', start, invoice));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ handled: false });
    expect(await billingRowCounts(t)).toEqual({ ...before, billing_events: before['billing_events']! + 1 });
  });

  it('releases the long-id commission in the sweep and finds no missed tier in reconciliation', async () => {
    const commissionId = commissionIdFor({ tier: 'tier3', invoiceId: idOf('inv_', 255) });
    await reachStage(t.context, 'team_long_plain', 'sustained');
    // One sweep makes it eligible, one after the payout delay releases it.
    await runSweep(t.context, new Date('2026-06-15T00:00:00Z'));
    await runSweep(t.context, new Date('2026-07-20T00:00:00Z'));
    expect(await transferIdsOf(commissionId)).toEqual(
      expect.arrayContaining([`${commissionId}:eligible`, `${commissionId}:released`]),
    );
    const missed = await teamsWithUngrantedTiers(t.context.db, {
      monthEnd: new Date('2026-03-01T00:00:00Z'),
      windows: revenueShareWindowsByVersion([]),
      milestones: { tier1ActiveDays: 1_000, tier2MembersMin: 1_000, tier2ActiveDays: 1_000 },
    });
    expect(missed).not.toContain('team_long_plain');
    expect(missed).not.toContain('team_long_stripe');
    await expectLedgerBalanced(t.context);
  });
});

describe('a signed Stripe event nested 20,000 levels deep', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { stripeWebhookSecret: testWebhookSecret } });
  });
  afterAll(async () => t.close());

  it('is refused with 400 problem+json and nothing is written', async () => {
    const now = t.clock.now();
    let deep = '1';
    for (let level = 0; level < 20_000; level++) deep = `{"a":[${deep}]}`;
    const event = stripeEvent(
      'evt_deep',
      'customer.created',
      now,
      customerObject({ customerId: 'cus_d', created: now }),
    );
    const body = JSON.stringify(event).replace('"livemode":false', `"livemode":false,"deep":${deep}`);
    const response = await deliver(t, body);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
    expect(Object.values(await billingRowCounts(t)).every((count) => count === 0)).toBe(true);
  });

  it('still accepts nesting as deep as real events, and braces inside strings do not count', async () => {
    const now = t.clock.now();
    const customer = customerObject({ customerId: 'cus_braces', created: now });
    customer['description'] = '{'.repeat(500);
    const response = await deliver(t, stripeEvent('evt_braces', 'customer.created', now, customer));
    expect(response.statusCode, response.body).toBe(200);
  });
});
