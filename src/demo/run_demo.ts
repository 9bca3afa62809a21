import type { Context } from '../app/context.js';
import { jobCatalogue } from '../app/job_catalogue.js';
import { briefAssumptions } from '../economics/rules/assumptions.js';
import { createAffiliate } from '../partners/create_affiliate.js';
import { anyAffiliateExists } from '../partners/storage/affiliates.js';
import { advanceClock } from '../platform/advance_clock.js';
import { SimulatedClock } from '../platform/clock.js';
import { JobRunner } from '../platform/jobs/job_runner.js';
import { AppError } from '../platform/rules/errors.js';
import { recordTeamMembers } from '../referrals/record_team_members.js';
import { trackSignup } from '../referrals/track_signup.js';
import { updateProgramSettings } from '../settings/update_program_settings.js';
import { createLink } from '../tracking/create_link.js';
import { ingestUsage } from '../usage/ingest_usage.js';
import { usageEventsPerRequestMax } from '../usage/rules/usage.js';
import { demoContextOf } from './demo_context.js';
import { type DemoFigures, readDemoFigures } from './read_demo_figures.js';
import { buildAgenda, type DayAgenda } from './rules/demo_agenda.js';
import { dayTime, isoDay } from './rules/demo_calendar.js';
import { demoTargetsOf } from './rules/demo_model.js';
import type { DemoOptions } from './rules/demo_options.js';
import { type ProgramPlan, planProgram } from './rules/plan_program.js';
import { invoiceCents } from './rules/plan_team_life.js';
import { stripeEventsOf } from './rules/stripe_shapes.js';
import { sendStripeEvents } from './send_stripe_events.js';
import { settleCsvPayouts } from './settle_csv_payouts.js';
import { LinkVisitors } from './visit_links.js';

/** The hours (UTC) of a simulated day at which the demo moves the clock and acts. */
const visitHour = 9;
const businessHour = 12;
const usageReportHour = 20;
const usageOccurredHour = 15;
/** The day after the demo, the clock stops here: after the month-end reconciliation and payout run. */
const closingHour = 8;
/**
 * The EmDash backend sends each team's usage as one event per active day, in weekly batches:
 * each batch costs a milestone evaluation per team that gained an active day, so a daily batch
 * would make the demo several times slower for no difference in what is earned.
 */
export const usageReportEveryDays = 7;

export interface DemoProgress {
  day: number;
  days: number;
  date: string;
  signups: number;
  invoices: number;
}

/** What the demo sent, counted as it went. */
export interface DemoTallies {
  visits: number;
  signups: number;
  attributedSignups: number;
  byRule: Record<string, number>;
  unattributedSignups: number;
  usageEvents: number;
  usageAccepted: number;
  memberReports: number;
  stripeEvents: number;
  invoices: number;
  invoicedCents: number;
  refunds: number;
  refundedCents: number;
  upgrades: number;
  cancellations: number;
  csvPayoutsSettled: number;
  csvPayoutsSettledCents: number;
}

export interface DemoRun {
  plan: ProgramPlan;
  tallies: DemoTallies;
  figures: DemoFigures;
  startedAt: string;
  endedAt: string;
}

function emptyTallies(): DemoTallies {
  return {
    visits: 0,
    signups: 0,
    attributedSignups: 0,
    byRule: {},
    unattributedSignups: 0,
    usageEvents: 0,
    usageAccepted: 0,
    memberReports: 0,
    stripeEvents: 0,
    invoices: 0,
    invoicedCents: 0,
    refunds: 0,
    refundedCents: 0,
    upgrades: 0,
    cancellations: 0,
    csvPayoutsSettled: 0,
    csvPayoutsSettledCents: 0,
  };
}

/** The program must be empty and on the stored simulated clock, at or before the first day. */
async function prepareClock(context: Context, start: Date): Promise<void> {
  if (await anyAffiliateExists(context.db)) {
    throw new AppError(
      'conflict',
      'this database already holds a program (affiliates exist); run the demo on a new DATA_DIR or database',
    );
  }
  const clock = context.clock;
  if (!(clock instanceof SimulatedClock) || !clock.stored) {
    throw new AppError('clock_not_simulated', 'the demo runs on the stored simulated clock');
  }
  await clock.refresh();
  const now = clock.now();
  if (now.getTime() > start.getTime()) {
    throw new AppError(
      'clock_backwards',
      `the program clock is at ${now.toISOString()}, after the demo's first day ${start.toISOString()}; pass a later --start`,
      { path: 'start' },
    );
  }
  if (now.getTime() < start.getTime()) await clock.advanceTo(start);
}

/**
 * Simulates `options.months` of a program through the real use cases on the shared simulated
 * clock: each day, affiliates join and make links, visitors go through the redirect, teams sign
 * up and report their size, Stripe sends billing events, and the EmDash backend reports usage;
 * moving the clock runs the daily sweep, the monthly reconciliation and the payout run, and the
 * CSV payouts are settled as finance would. Nothing is written outside those use cases.
 */
export async function runDemo(
  context: Context,
  options: DemoOptions,
  onProgress: (progress: DemoProgress) => void = () => undefined,
): Promise<DemoRun> {
  await prepareClock(context, options.start);
  const startedAt = context.clock.now().toISOString();
  if (Object.keys(options.settings).length > 0) {
    await updateProgramSettings(context, { changes: options.settings, effectiveFrom: options.start });
  }
  const plan = planProgram(
    options,
    demoTargetsOf(briefAssumptions.years[0]!),
    (await context.settings.fresh()).at(options.start),
  );
  const agenda = buildAgenda(plan);
  const demo = demoContextOf(context, options.seed);
  const runner = new JobRunner(demo, jobCatalogue());
  await runner.start({ work: true, schedule: true });
  const visitors = await LinkVisitors.open(demo);
  const state: DayState = {
    plan,
    demo,
    visitors,
    tallies: emptyTallies(),
    affiliateIds: [],
    clickIds: new Map(),
    pendingUsage: [],
  };
  try {
    for (const [day, today] of agenda.entries()) {
      await playDay(state, day, today);
      onProgress({
        day: day + 1,
        days: plan.days,
        date: isoDay(options.start, day),
        signups: state.tallies.signups,
        invoices: state.tallies.invoices,
      });
    }
    // The month-end jobs of the last month run as the clock passes them.
    await advanceClock(demo, dayTime(options.start, plan.days, closingHour));
    await settle(state, plan.days);
  } finally {
    await visitors.close();
    await runner.stop();
  }
  const figures = await readDemoFigures(demo, plan, state.affiliateIds);
  return { plan, tallies: state.tallies, figures, startedAt, endedAt: context.clock.now().toISOString() };
}

interface DayState {
  plan: ProgramPlan;
  demo: Context;
  visitors: LinkVisitors;
  tallies: DemoTallies;
  affiliateIds: string[];
  /** The click id each converting visit got, by team index. */
  clickIds: Map<number, string | null>;
  /** Usage events waiting for the next weekly report. */
  pendingUsage: UsageEventInput[];
}

interface UsageEventInput {
  id: string;
  teamId: string;
  apiCalls: number;
  occurredAt: string;
}

async function playDay(state: DayState, day: number, today: DayAgenda): Promise<void> {
  const { plan, demo, tallies } = state;
  const start = plan.options.start;
  await advanceClock(demo, dayTime(start, day, visitHour));
  for (const index of today.joins) await join(state, index);
  await visit(state, today);

  await advanceClock(demo, dayTime(start, day, businessHour));
  for (const teamIndex of today.signups) await signUp(state, teamIndex);
  for (const report of today.members) {
    await recordTeamMembers(demo, { teamId: plan.teams[report.teamIndex]!.teamId, members: report.members });
    tallies.memberReports += 1;
  }
  await bill(state, day, today);
  if (dayTime(start, day).getUTCDate() === 1) await settle(state, day);

  state.pendingUsage.push(...usageEventsOf(state, day, today));
  if ((day + 1) % usageReportEveryDays === 0 || day === plan.days - 1) {
    await advanceClock(demo, dayTime(start, day, usageReportHour));
    await reportUsage(state, day);
  }
}

async function join(state: DayState, index: number): Promise<void> {
  const affiliate = state.plan.affiliates[index]!;
  const created = await createAffiliate(state.demo, {
    email: affiliate.email,
    name: affiliate.name,
    kind: 'developer',
  });
  state.affiliateIds[index] = created.id;
  for (const link of affiliate.links) {
    await createLink(state.demo, { affiliateId: created.id, code: link.code, tag: link.tag ?? undefined });
  }
}

async function visit(state: DayState, today: DayAgenda): Promise<void> {
  for (const planned of today.visits) {
    const code = state.plan.affiliates[planned.affiliateIndex]!.links[planned.linkIndex]!.code;
    const request = { code, remoteAddress: planned.remoteAddress, userAgent: planned.userAgent };
    const clickId = await state.visitors.visit(request);
    state.tallies.visits += 1;
    if (planned.repeated) {
      await state.visitors.visit({ ...request, cookieClickId: clickId });
      state.tallies.visits += 1;
    }
    if (planned.teamIndex !== null) state.clickIds.set(planned.teamIndex, clickId);
  }
  await state.visitors.flush();
}

async function signUp(state: DayState, teamIndex: number): Promise<void> {
  const team = state.plan.teams[teamIndex]!;
  const clickId = state.clickIds.get(teamIndex) ?? undefined;
  const answer = await trackSignup(state.demo, { teamId: team.teamId, email: team.email, clickId });
  const tallies = state.tallies;
  tallies.signups += 1;
  if (answer.attributed && answer.rule) {
    tallies.attributedSignups += 1;
    tallies.byRule[answer.rule] = (tallies.byRule[answer.rule] ?? 0) + 1;
  } else {
    tallies.unattributedSignups += 1;
  }
}

async function bill(state: DayState, day: number, today: DayAgenda): Promise<void> {
  const { plan, tallies } = state;
  const at = dayTime(plan.options.start, day, businessHour);
  for (const action of today.billing) {
    const team = plan.teams[action.teamIndex]!;
    const billing = team.billing!;
    const events = stripeEventsOf(
      action,
      {
        teamId: team.teamId,
        plan: billing,
        startedAt: dayTime(plan.options.start, billing.startDay, businessHour),
      },
      at,
    );
    await sendStripeEvents(state.demo, events);
    tallies.stripeEvents += events.length;
    if (action.kind === 'start' || action.kind === 'invoice') {
      tallies.invoices += 1;
      tallies.invoicedCents += invoiceCents(billing, action.invoiceNumber);
    } else if (action.kind === 'refund') {
      tallies.refunds += 1;
      tallies.refundedCents += invoiceCents(billing, action.invoiceNumber);
    } else if (action.kind === 'upgrade') {
      tallies.upgrades += 1;
    } else {
      tallies.cancellations += 1;
    }
  }
}

async function settle(state: DayState, day: number): Promise<void> {
  const settled = await settleCsvPayouts(
    state.demo,
    `demo-transfer-${isoDay(state.plan.options.start, day)}`,
  );
  state.tallies.csvPayoutsSettled += settled.paid;
  state.tallies.csvPayoutsSettledCents += settled.paidCents;
}

function usageEventsOf(state: DayState, day: number, today: DayAgenda): UsageEventInput[] {
  const start = state.plan.options.start;
  const date = isoDay(start, day);
  const occurredAt = dayTime(start, day, usageOccurredHour).toISOString();
  return today.usage.map((usage) => {
    const teamId = state.plan.teams[usage.teamIndex]!.teamId;
    return { id: `use_${teamId}_${date}`, teamId, apiCalls: usage.apiCalls, occurredAt };
  });
}

async function reportUsage(state: DayState, day: number): Promise<void> {
  const events = state.pendingUsage.splice(0);
  for (let from = 0; from < events.length; from += usageEventsPerRequestMax) {
    const batch = events.slice(from, from + usageEventsPerRequestMax);
    const ingestion = await ingestUsage(state.demo, batch);
    if (ingestion.rejected.length > 0) {
      const date = isoDay(state.plan.options.start, day);
      throw new Error(`usage reported on ${date} refused: ${JSON.stringify(ingestion.rejected.slice(0, 3))}`);
    }
    state.tallies.usageEvents += batch.length;
    state.tallies.usageAccepted += ingestion.accepted;
  }
}
