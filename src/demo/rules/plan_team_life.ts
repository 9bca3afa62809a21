import { addCalendarMonths, dayOf, dayTime } from './demo_calendar.js';
import { demoBehaviour, demoPlans } from './demo_model.js';
import type { SeededRandom } from './seeded_random.js';

/** What a team does after signing up. */
export type UsageKind = 'none' | 'trial' | 'casual' | 'activated';

export interface UsageDay {
  day: number;
  apiCalls: number;
}

export interface MembersReport {
  day: number;
  members: number;
}

export interface BillingPlan {
  startDay: number;
  planCents: number;
  lifetimeMonths: number;
  upgrade: { month: number; toCents: number } | null;
  refund: { invoiceNumber: number; afterDays: number } | null;
  /** Set for a team that cancels within the early-churn window after its first invoice. */
  earlyChurnAfterDays: number | null;
  /** Every invoice of its simulated life, less the refund: what the team is worth. */
  lifetimeValueCents: number;
}

export interface TeamLife {
  usageKind: UsageKind;
  /** Days with API calls, in order, up to the demo's last day. */
  usage: UsageDay[];
  /** The day its calls first reach the activation threshold; null when they never do. */
  activatedDay: number | null;
  members: MembersReport[];
  billing: BillingPlan | null;
}

/** Tries: a few days of small calls, always below the threshold of 1,000 calls. */
function trialUsage(random: SeededRandom, signupDay: number): UsageDay[] {
  const days = new Set([signupDay]);
  const extra = random.integer(0, 3);
  for (let n = 0; n < extra; n++) days.add(signupDay + random.integer(1, 10));
  return [...days].sort((a, b) => a - b).map((day) => ({ day, apiCalls: random.integer(10, 200) }));
}

/** Seven to twelve active days of at most 80 calls: Tier 1 without activation. */
function casualUsage(random: SeededRandom, signupDay: number): UsageDay[] {
  const days = new Set<number>([signupDay]);
  const wanted = random.integer(7, 12);
  while (days.size < wanted) days.add(signupDay + random.integer(1, 40));
  return [...days].sort((a, b) => a - b).map((day) => ({ day, apiCalls: random.integer(20, 80) }));
}

/** Daily use from signup until the calls reach the activation threshold (a week at most). */
function rampUsage(
  random: SeededRandom,
  signupDay: number,
  threshold: number,
): { usage: UsageDay[]; activatedDay: number } {
  const usage: UsageDay[] = [];
  let total = 0;
  for (let day = signupDay; ; day++) {
    const apiCalls = random.integer(150, 450);
    usage.push({ day, apiCalls });
    total += apiCalls;
    if (total >= threshold) return { usage, activatedDay: day };
  }
}

/** After activation: some days a week, until the day before `endDay`. */
function ongoingUsage(random: SeededRandom, fromDay: number, endDay: number): UsageDay[] {
  const usage: UsageDay[] = [];
  const activeDaysPerWeek = random.integer(2, 6);
  for (let day = fromDay; day < endDay; day++) {
    if (random.chance(activeDaysPerWeek / 7)) usage.push({ day, apiCalls: random.integer(20, 600) });
  }
  return usage;
}

export function planBilling(random: SeededRandom, startDay: number): BillingPlan {
  const planIndex = random.weightedIndex(demoPlans.map((plan) => plan.weight));
  const planCents = demoPlans[planIndex]!.monthlyCents;
  const early = random.chance(demoBehaviour.earlyChurnShare);
  const lifetimeMonths = early
    ? 1
    : Math.min(demoBehaviour.lifetimeMonthsMax, 1 + random.geometric(demoBehaviour.monthlyChurnShare));
  const next = demoPlans[planIndex + 1];
  const upgrade =
    next && lifetimeMonths >= 3 && random.chance(demoBehaviour.upgradeShare)
      ? { month: random.integer(1, Math.min(lifetimeMonths - 1, 6)), toCents: next.monthlyCents }
      : null;
  const refund = random.chance(demoBehaviour.refundShare)
    ? { invoiceNumber: random.integer(0, Math.min(lifetimeMonths - 1, 2)), afterDays: random.integer(2, 14) }
    : null;
  const plan: Omit<BillingPlan, 'lifetimeValueCents'> = {
    startDay,
    planCents,
    lifetimeMonths,
    upgrade,
    refund,
    earlyChurnAfterDays: early ? random.integer(8, 25) : null,
  };
  let value = 0;
  for (let invoice = 0; invoice < lifetimeMonths; invoice++) value += invoiceCents(plan, invoice);
  if (refund) value -= invoiceCents(plan, refund.invoiceNumber);
  return { ...plan, lifetimeValueCents: value };
}

export function invoiceCents(
  plan: Pick<BillingPlan, 'planCents' | 'upgrade'>,
  invoiceNumber: number,
): number {
  return plan.upgrade && invoiceNumber >= plan.upgrade.month ? plan.upgrade.toCents : plan.planCents;
}

/** The day of invoice `invoiceNumber` (0 = the first, paid the day the subscription starts). */
export function invoiceDay(start: Date, plan: BillingPlan, invoiceNumber: number): number {
  return dayOf(start, addCalendarMonths(dayTime(start, plan.startDay), invoiceNumber));
}

/** The day the subscription ends: early, or two days before the invoice it would not pay. */
export function cancelDay(start: Date, plan: BillingPlan): number {
  if (plan.earlyChurnAfterDays !== null) return plan.startDay + plan.earlyChurnAfterDays;
  return invoiceDay(start, plan, plan.lifetimeMonths) - 2;
}

/** A team of one is what every team starts as: only a larger size, and growth, are reported. */
function membersOf(random: SeededRandom, signupDay: number, activatedDay: number | null): MembersReport[] {
  let members = random.weightedIndex([60, 30, 10]) + 1;
  const reports: MembersReport[] = members > 1 ? [{ day: signupDay, members }] : [];
  if (activatedDay === null) return reports;
  if (random.chance(demoBehaviour.growingTeamShare)) {
    const target = random.integer(6, 14);
    let day = activatedDay;
    for (let step = 1; step <= 3; step++) {
      day += random.integer(5, 15);
      members = step === 3 ? target : Math.max(members + 1, Math.round((target * step) / 3));
      reports.push({ day, members });
    }
  } else if (random.chance(0.3)) {
    reports.push({ day: activatedDay + random.integer(10, 60), members: members + 1 });
  }
  return reports;
}

/**
 * A team's life from signup: its usage, size and billing. `payChance` is the share of activated
 * teams that pay, calibrated so that activated teams are worth the target LTV on average.
 */
export function planTeamLife(
  random: SeededRandom,
  input: {
    start: Date;
    signupDay: number;
    /** The demo's last day: usage is planned no further. */
    lastDay: number;
    mayActivate: boolean;
    activationChance: number;
    payChance: number;
    activationApiCalls: number;
  },
): TeamLife {
  const { signupDay } = input;
  if (!input.mayActivate)
    return {
      usageKind: 'none',
      usage: [],
      activatedDay: null,
      members: membersOf(random, signupDay, null),
      billing: null,
    };
  if (random.chance(input.activationChance)) {
    const ramp = rampUsage(random, signupDay, input.activationApiCalls);
    const activatedDay = ramp.activatedDay;
    const billing = random.chance(input.payChance)
      ? planBilling(random, activatedDay + random.integer(5, 30))
      : null;
    // A team that never pays drifts away after one to five months; a paying one uses until it cancels.
    const endDay = Math.min(
      billing ? cancelDay(input.start, billing) : signupDay + random.integer(30, 150),
      input.lastDay + 1,
    );
    return {
      usageKind: 'activated',
      usage: [...ramp.usage, ...ongoingUsage(random, activatedDay + 1, endDay)],
      activatedDay,
      members: membersOf(random, signupDay, activatedDay),
      billing,
    };
  }
  const share = random.fraction();
  const usageKind: UsageKind =
    share < demoBehaviour.trialShare
      ? 'trial'
      : share < demoBehaviour.trialShare + demoBehaviour.casualShare
        ? 'casual'
        : 'none';
  const usage =
    usageKind === 'trial'
      ? trialUsage(random, signupDay)
      : usageKind === 'casual'
        ? casualUsage(random, signupDay)
        : [];
  return { usageKind, usage, activatedDay: null, members: membersOf(random, signupDay, null), billing: null };
}
