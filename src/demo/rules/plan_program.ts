import type { ProgramSettings } from '../../settings/rules/program_settings.js';
import { daysInDemo } from './demo_calendar.js';
import { activationChance, type DemoTargets, demoBehaviour } from './demo_model.js';
import type { DemoOptions } from './demo_options.js';
import { type AffiliatePlan, planAffiliates } from './plan_affiliates.js';
import { planBilling, planTeamLife, type TeamLife } from './plan_team_life.js';
import { SeededRandom } from './seeded_random.js';

/** How a signup comes to its affiliate. */
export type SignupKind = 'click' | 'email_domain' | 'self_referral' | 'disposable';

/** A visit to an affiliate's link through the redirect. */
export interface VisitPlan {
  day: number;
  affiliateIndex: number;
  linkIndex: number;
  /** Distinct per visitor: the address the visit comes from. */
  remoteAddress: string;
  userAgent: string;
  /** The same visitor comes back within minutes (the second visit is not counted). */
  repeated: boolean;
  /** The team this visit brings, when it leads to a signup. */
  teamIndex: number | null;
}

export interface TeamPlan extends TeamLife {
  index: number;
  teamId: string;
  affiliateIndex: number;
  kind: SignupKind;
  email: string;
  signupDay: number;
}

export interface ProgramPlan {
  options: DemoOptions;
  days: number;
  affiliates: AffiliatePlan[];
  teams: TeamPlan[];
  visits: VisitPlan[];
  /** The share of activated teams that pay, as calibrated on the target LTV. */
  payChance: number;
}

const browserAgents = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
];
const botAgents = [
  'Googlebot/2.1 (+http://www.google.com/bot.html)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
];
const companyWords = [
  'acme',
  'globex',
  'initech',
  'hooli',
  'vandelay',
  'tyrell',
  'wonka',
  'soylent',
  'umbrella',
];
const disposableDomains = ['mailinator.com', 'yopmail.com', 'guerrillamail.com'];
const freeMail = ['gmail.com', 'outlook.com', 'proton.me', 'icloud.com'];
const calibrationDraws = 4_000;

/** The share of activated teams that pay, so that an activated team is worth the target LTV on average. */
export function calibratedPayChance(seed: number, targets: DemoTargets): number {
  const random = new SeededRandom(seed, 'calibration');
  let total = 0;
  for (let draw = 0; draw < calibrationDraws; draw++) total += planBilling(random, 0).lifetimeValueCents;
  return Math.min(1, targets.averageLtvCents / (total / calibrationDraws));
}

function address(random: SeededRandom): string {
  return `100.${random.integer(64, 127)}.${random.integer(0, 255)}.${random.integer(1, 254)}`;
}

/** The settings the plan follows: the activation threshold, and the window a colleague must sign up in. */
export type PlanSettings = Pick<ProgramSettings, 'activationApiCalls' | 'cookieWindowDays'>;

/** The whole simulated program of a seed: the same options always give the same plan. */
export function planProgram(options: DemoOptions, targets: DemoTargets, settings: PlanSettings): ProgramPlan {
  // A colleague is attributed by email domain only inside the attribution window.
  const emailDomainWindowDays = settings.cookieWindowDays - 1;
  const { seed } = options;
  const days = daysInDemo(options.start, options.months);
  const affiliates = planAffiliates(seed, options.affiliates);
  const payChance = calibratedPayChance(seed, targets);
  const chance = activationChance(targets);
  const random = new SeededRandom(seed, 'signups');
  const signupCount = Math.round(
    (options.affiliates * targets.signupsPerAffiliatePerYear * options.months) / 12,
  );
  const signupDays = Array.from({ length: signupCount }, () => random.integer(1, days - 1)).sort(
    (a, b) => a - b,
  );
  const companyTeams = new Map<number, Array<{ day: number; domain: string }>>();
  const teams: TeamPlan[] = [];
  const visits: VisitPlan[] = [];
  for (const [index, signupDay] of signupDays.entries()) {
    const joined = affiliates.map((affiliate) => (affiliate.joinDay < signupDay ? affiliate.weight : 0));
    const affiliate = affiliates[random.weightedIndex(joined)]!;
    const teamRandom = new SeededRandom(seed, `team:${index}`);
    const teamId = `team_s${seed}_${String(index).padStart(5, '0')}`;
    const colleagueOf = (companyTeams.get(affiliate.index) ?? []).filter(
      (team) => team.day < signupDay && team.day >= signupDay - emailDomainWindowDays,
    );
    const draw = random.fraction();
    let kind: SignupKind = 'click';
    let email: string;
    const behaviour = demoBehaviour;
    if (draw < behaviour.selfReferralShare) {
      kind = 'self_referral';
      email = affiliate.companyDomain ? `ops${index}@${affiliate.companyDomain}` : affiliate.email;
    } else if (draw < behaviour.selfReferralShare + behaviour.disposableShare) {
      kind = 'disposable';
      email = `try${index}@${teamRandom.pick(disposableDomains)}`;
    } else if (
      draw < behaviour.selfReferralShare + behaviour.disposableShare + behaviour.emailDomainShare &&
      colleagueOf.length > 0
    ) {
      kind = 'email_domain';
      email = `colleague${index}@${teamRandom.pick(colleagueOf).domain}`;
    } else if (teamRandom.chance(behaviour.companyEmailShare)) {
      const domain = `${teamRandom.pick(companyWords)}-${seed}-${index}.dev`;
      email = `dev@${domain}`;
      companyTeams.set(affiliate.index, [
        ...(companyTeams.get(affiliate.index) ?? []),
        { day: signupDay, domain },
      ]);
    } else {
      email = `builder${index}@${teamRandom.pick(freeMail)}`;
    }
    if (kind !== 'email_domain') {
      visits.push(
        visitOf(
          teamRandom,
          affiliate,
          Math.max(affiliate.joinDay, signupDay - Math.min(teamRandom.geometric(0.5), 6)),
          index,
        ),
      );
    }
    const life = planTeamLife(teamRandom, {
      start: options.start,
      signupDay,
      lastDay: days - 1,
      mayActivate: kind === 'click' || kind === 'email_domain',
      activationChance: chance,
      payChance,
      activationApiCalls: settings.activationApiCalls,
    });
    teams.push({ index, teamId, affiliateIndex: affiliate.index, kind, email, signupDay, ...life });
  }
  const idleRandom = new SeededRandom(seed, 'idle-visits');
  const idleCount = Math.round(visits.length * demoBehaviour.idleVisitsPerSignup);
  for (let n = 0; n < idleCount; n++) {
    const day = idleRandom.integer(0, days - 1);
    const joined = affiliates.map((affiliate) => (affiliate.joinDay <= day ? affiliate.weight : 0));
    if (joined.every((weight) => weight === 0)) continue;
    const visit = visitOf(idleRandom, affiliates[idleRandom.weightedIndex(joined)]!, day, null);
    if (idleRandom.chance(demoBehaviour.botVisitShare)) visit.userAgent = idleRandom.pick(botAgents);
    else visit.repeated = idleRandom.chance(demoBehaviour.repeatVisitShare);
    visits.push(visit);
  }
  visits.sort((a, b) => a.day - b.day);
  return { options, days, affiliates, teams, visits, payChance };
}

function visitOf(
  random: SeededRandom,
  affiliate: AffiliatePlan,
  day: number,
  teamIndex: number | null,
): VisitPlan {
  const linkIndex = affiliate.links.length > 1 && random.chance(demoBehaviour.contentLinkShare) ? 1 : 0;
  return {
    day,
    affiliateIndex: affiliate.index,
    linkIndex,
    remoteAddress: address(random),
    userAgent: random.pick(browserAgents),
    repeated: false,
    teamIndex,
  };
}
