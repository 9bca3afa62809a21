import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPayouts } from '../../src/payouts/run_payouts.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectLedgerBalanced, givenAffiliate } from '../support/ledger_fixtures.js';
import { balancesOf, daysAfter, expectPayoutsMatchLedger, givenEligibleCents } from './support.js';

describe('payout run on the CSV rail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { stripeSecretKey: undefined } });
  });
  afterAll(async () => t.close());

  const importCsv = (payload: string) =>
    t.call({
      method: 'POST',
      url: '/v1/admin/payouts/import',
      payload,
      headers: { 'content-type': 'text/csv' },
    });

  it('exports due payouts, imports what finance paid or failed, and repays failures next run', async () => {
    const paidOne = await givenAffiliate(t.context);
    const failedOne = await givenAffiliate(t.context);
    await givenEligibleCents(t.context, paidOne, 12_000, t.clock.now());
    await givenEligibleCents(t.context, failedOne, 5_000, t.clock.now());
    const asOf = daysAfter(t.clock.now(), 30);
    const run = await runPayouts(t.context, asOf);
    expect(run).toMatchObject({ provider: 'csv', created: 2, createdCents: 17_000, paid: 0 });
    expect(await balancesOf(t.context, paidOne)).toMatchObject({ availableCents: 0, inTransitCents: 12_000 });

    const exported = await t.call({ method: 'POST', url: '/v1/admin/payouts/export' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const lines = exported.body.trim().split('\r\n');
    expect(lines[0]).toBe('payout_id,affiliate_id,email,name,amount,amount_cents,currency,created');
    const paidId = lines.find((line) => line.includes(paidOne))!.split(',')[0]!;
    const failedId = lines.find((line) => line.includes(failedOne))!.split(',')[0]!;
    expect(lines.find((line) => line.includes(paidOne))).toContain('120.00,12000,USD');

    const unknown = await importCsv(
      `payout_id,status,reference\r\npo_nope,paid,WIRE-1\r\n${paidId},paid,WIRE-2\r\n`,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(await balancesOf(t.context, paidOne)).toMatchObject({ inTransitCents: 12_000, paidCents: 0 });
    expect((await importCsv('payout_id,status\r\nx,paid\r\n')).statusCode).toBe(400);
    expect((await importCsv('')).statusCode).toBe(400);

    const file = `payout_id,status,reference\r\n${paidId},paid,WIRE-2\r\n${failedId},failed,account closed\r\n`;
    const imported = await importCsv(file);
    expect(imported.json()).toEqual({ paid: 1, failed: 1, unchanged: 0 });
    expect((await importCsv(file)).json()).toEqual({ paid: 0, failed: 0, unchanged: 2 });
    const contradicting = await importCsv(`payout_id,status,reference\r\n${paidId},failed,oops\r\n`);
    expect(contradicting.statusCode).toBe(400);
    expect(await balancesOf(t.context, paidOne)).toMatchObject({ inTransitCents: 0, paidCents: 12_000 });
    expect(await balancesOf(t.context, failedOne)).toMatchObject({
      inTransitCents: 0,
      availableCents: 5_000,
    });

    const afterImport = await t.call({ method: 'POST', url: '/v1/admin/payouts/export' });
    expect(afterImport.body.trim().split('\r\n')).toHaveLength(1);
    const nextRun = await runPayouts(t.context, daysAfter(asOf, 31));
    expect(nextRun).toMatchObject({ created: 1, createdCents: 5_000 });
    const list = await t.call({ method: 'GET', url: `/v1/affiliates/${failedOne}/payouts` });
    expect(list.json().payouts.map((payout: { state: string }) => payout.state)).toEqual([
      'created',
      'failed',
    ]);
    const connect = await t.call({
      method: 'POST',
      url: `/v1/affiliates/${paidOne}/payout-account`,
      payload: {},
    });
    expect(connect.statusCode).toBe(409);
    expect(await expectPayoutsMatchLedger(t.context)).toEqual([]);
    await expectLedgerBalanced(t.context);
  });
});
