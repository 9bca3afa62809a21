import { describe, expect, it } from 'vitest';
import { readStripeEvent, stripeEventSchema } from '../../src/billing/rules/stripe_events.js';
import { buildAgenda } from '../../src/demo/rules/demo_agenda.js';
import { demoTargetsOf } from '../../src/demo/rules/demo_model.js';
import type { DemoOptions } from '../../src/demo/rules/demo_options.js';
import { parseDemoOptions, parseDemoSettings } from '../../src/demo/rules/demo_options.js';
import { averageLifetimeValueCents, scaledYear, summariseDemo } from '../../src/demo/rules/demo_summary.js';
import { planProgram } from '../../src/demo/rules/plan_program.js';
import { invoiceCents } from '../../src/demo/rules/plan_team_life.js';
import { SeededRandom, seededIdGenerator } from '../../src/demo/rules/seeded_random.js';
import { stripeEventsOf } from '../../src/demo/rules/stripe_shapes.js';
import { briefAssumptions } from '../../src/economics/rules/assumptions.js';
import { defaultProgramSettings } from '../../src/settings/rules/program_settings.js';
import { clickIdPattern } from '../../src/tracking/rules/clicks.js';

const year1 = briefAssumptions.years[0]!;
const targets = demoTargetsOf(year1);
const start = new Date('2026-01-01T00:00:00Z');

function plan(seed: number, affiliates = 150, months = 12) {
  const options: DemoOptions = { seed, affiliates, months, start, settings: {} };
  return planProgram(options, targets, defaultProgramSettings);
}

describe('seeded randomness', () => {
  it('repeats a stream for the same seed and name, and differs for another', () => {
    const draws = (seed: number, name: string) => {
      const random = new SeededRandom(seed, name);
      return Array.from({ length: 5 }, () => random.nextUint32());
    };
    expect(draws(7, 'team:1')).toEqual(draws(7, 'team:1'));
    expect(draws(7, 'team:1')).not.toEqual(draws(8, 'team:1'));
    expect(draws(7, 'team:1')).not.toEqual(draws(7, 'team:2'));
  });

  it("makes ids of the program's shape, the same sequence for a seed", () => {
    const first = seededIdGenerator(3);
    const second = seededIdGenerator(3);
    const ids = Array.from({ length: 50 }, () => first('clk'));
    expect(ids).toEqual(Array.from({ length: 50 }, () => second('clk')));
    for (const id of ids) expect(id).toMatch(clickIdPattern);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the program plan', () => {
  it('is the same for the same options and differs for another seed', () => {
    expect(plan(11, 20, 2)).toEqual(plan(11, 20, 2));
    expect(plan(12, 20, 2).teams).not.toEqual(plan(11, 20, 2).teams);
  });

  it('lands near the Year-1 assumptions: 30 signups per affiliate a year, 12 % activated, $1,200 LTV', () => {
    const ltvs: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const program = plan(seed);
      expect(program.teams).toHaveLength(4_500);
      const attributed = program.teams.filter((team) => team.kind !== 'self_referral').length;
      const activated = program.teams.filter(
        (team) => team.activatedDay !== null && team.activatedDay < program.days,
      );
      expect(activated.length / attributed).toBeGreaterThan(0.105);
      expect(activated.length / attributed).toBeLessThan(0.135);
      ltvs.push(averageLifetimeValueCents(program.teams, program.days));
    }
    const meanLtv = ltvs.reduce((sum, value) => sum + value, 0) / ltvs.length;
    expect(meanLtv).toBeGreaterThan(year1.averageLtvCents * 0.85);
    expect(meanLtv).toBeLessThan(year1.averageLtvCents * 1.15);
  });

  it('has every kind of signup, and colleagues only of earlier company teams of the same affiliate', () => {
    const program = plan(5);
    const kinds = new Set(program.teams.map((team) => team.kind));
    expect([...kinds].sort()).toEqual(['click', 'disposable', 'email_domain', 'self_referral']);
    for (const team of program.teams.filter((candidate) => candidate.kind === 'email_domain')) {
      const domain = team.email.split('@')[1];
      const earlier = program.teams.find(
        (other) =>
          other.kind === 'click' && other.email.endsWith(`@${domain}`) && other.signupDay < team.signupDay,
      );
      expect(earlier?.affiliateIndex).toBe(team.affiliateIndex);
    }
  });

  it('plans activation, billing and churn in order, and each paid invoice once', () => {
    const program = plan(6, 50, 12);
    const agenda = buildAgenda(program);
    const invoices = new Map<number, number[]>();
    agenda.forEach((day, dayIndex) => {
      for (const action of day.billing) {
        if (action.kind === 'start' || action.kind === 'invoice') {
          invoices.set(action.teamIndex, [...(invoices.get(action.teamIndex) ?? []), action.invoiceNumber]);
        }
        const team = program.teams[action.teamIndex]!;
        expect(team.activatedDay).not.toBeNull();
        expect(dayIndex).toBeGreaterThan(team.activatedDay!);
      }
    });
    expect(invoices.size).toBeGreaterThan(0);
    for (const numbers of invoices.values()) expect(numbers).toEqual(numbers.map((_, index) => index));
  });
});

describe('Stripe-shaped events', () => {
  it('read back as the billing facts the plan meant', () => {
    const program = plan(9, 50, 12);
    const team = program.teams.find((candidate) => candidate.billing)!;
    const billing = team.billing!;
    const at = new Date('2026-03-10T12:00:00Z');
    const events = stripeEventsOf(
      { kind: 'start', teamIndex: team.index, invoiceNumber: 0 },
      { teamId: team.teamId, plan: billing, startedAt: at },
      at,
    );
    expect(events.map((event) => event.type)).toEqual([
      'customer.created',
      'customer.subscription.created',
      'invoice.paid',
    ]);
    const updates = events.flatMap((event) => {
      const reading = readStripeEvent(stripeEventSchema.parse(JSON.parse(JSON.stringify(event))));
      expect(reading.handled).toBe(true);
      return reading.handled ? reading.updates : [];
    });
    expect(updates[0]).toMatchObject({ kind: 'customer', teamId: team.teamId });
    expect(updates[1]).toMatchObject({
      kind: 'subscription',
      teamId: team.teamId,
      status: 'active',
      monthlyAmountCents: billing.planCents,
    });
    expect(updates[2]).toMatchObject({
      kind: 'invoice',
      amountPaidCents: invoiceCents(billing, 0),
      paidAt: at,
    });
    const refund = stripeEventsOf(
      { kind: 'refund', teamIndex: team.index, invoiceNumber: 0 },
      { teamId: team.teamId, plan: billing, startedAt: at },
      at,
    )[0]!;
    const reading = readStripeEvent(stripeEventSchema.parse(refund));
    expect(reading.handled && reading.updates[0]).toMatchObject({
      kind: 'refund',
      amountRefundedCents: invoiceCents(billing, 0),
    });
  });
});

describe('the summary', () => {
  it('projects the Year-1 column pro rata and says how near the demo lands', () => {
    const year = scaledYear(year1, 10, 3);
    expect(year).toMatchObject({ activeAffiliates: 10, signupsPerAffiliate: 7.5, commissionsCents: 108_333 });
    const rows = summariseDemo(year, {
      affiliatesWithSignups: 10,
      referredSignups: 80,
      activatedAccounts: 10,
      averageLifetimeValueCents: 120_000,
      commissionsEarnedCents: 100_000,
      commissionsPaidCents: 5_000,
      invoicedNetCents: 40_000,
    });
    const row = (key: string) => rows.find((entry) => entry.key === key)!;
    expect(row('referredSignups')).toMatchObject({ projected: 75, demo: 80, demoOfProjectedPermille: 1067 });
    expect(row('activationRate')).toMatchObject({ projected: 1_200, demo: 1_250 });
    expect(row('revenue')).toMatchObject({ projected: 1_080_000, demo: 1_200_000 });
    expect(row('roi')).toMatchObject({ projected: 100, demo: 120 });
    expect(row('roiInDemo')).toMatchObject({ projected: null, demo: 4, demoOfProjectedPermille: null });
  });
});

describe('options', () => {
  it('takes the defaults of the brief and names a bad flag', () => {
    expect(parseDemoOptions({})).toEqual({
      ok: true,
      options: { seed: 1, affiliates: 150, months: 12, start, settings: {} },
    });
    const refused = parseDemoOptions({ months: '0', start: '2026-01-15' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems.join('\n')).toMatch(
      /--months: must be at least 1[\s\S]*--start: must be the first day/,
    );
  });

  it('takes any subset of program settings and names an unknown or bad one', () => {
    expect(parseDemoSettings({ sustainedDays: 30 })).toEqual({ ok: true, settings: { sustainedDays: 30 } });
    const refused = parseDemoSettings({ sustainedDays: -1, nope: true });
    expect(!refused.ok && refused.problems.join('\n')).toMatch(/sustainedDays/);
    expect(!refused.ok && refused.problems.join('\n')).toMatch(/nope/);
  });
});
