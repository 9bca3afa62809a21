import { msPerDay } from '../../settings/rules/program_settings.js';
import { isCompanyDomain } from './email.js';

/**
 * Signup attribution (SPEC §4): agency domain claim, then click, then email domain; the first
 * rule that matches decides. Every rule is checked and explained, so the stored evidence says
 * why the winner won and why the others did not.
 */
export const attributionRules = ['agency_domain', 'click', 'email_domain'] as const;
export type AttributionRule = (typeof attributionRules)[number];

/** Rules a team's attribution may name: the signup rules, or an agency's hand-off of a project to it. */
export const handoffAttributionRule = 'agency_handoff';
export const teamAttributionRules = [...attributionRules, handoffAttributionRule] as const;
export type TeamAttributionRule = (typeof teamAttributionRules)[number];

export const referralSources = ['agency', 'content', 'direct_link'] as const;
export type ReferralSource = (typeof referralSources)[number];

export type AttributionModel = 'last_click' | 'first_click';

/** Who a candidate rule would credit, with what self-referral is judged against. */
export interface ReferrerFact {
  affiliateId: string;
  affiliateEmail: string;
  affiliateEmailDomain: string;
}

export interface DomainClaimFact extends ReferrerFact {
  domain: string;
  claimedAt: Date;
}

export interface ClickFact extends ReferrerFact {
  id: string;
  linkId: string;
  clickTag: string | null;
  linkTag: string | null;
  counted: boolean;
  occurredAt: Date;
}

/** An earlier team of the same email domain that a click attributed. */
export interface DomainTeamFact extends ReferrerFact {
  teamId: string;
  source: ReferralSource;
  linkId: string | null;
  tag: string | null;
  signedUpAt: Date;
}

export interface AttributionFacts {
  /** Normalized (trimmed, lower-cased). */
  email: string;
  emailDomain: string;
  signupAt: Date;
  cookieWindowDays: number;
  attributionModel: AttributionModel;
  agencyClaim: DomainClaimFact | null;
  clickId: string | null;
  /** The stored click `clickId` names; null when none was sent or it is unknown. */
  click: ClickFact | null;
  /** Counted clicks of the same visitor as `click` (read for the first-click model). */
  visitorClicks: readonly ClickFact[];
  /** Earlier click-attributed teams of the same domain (any order, any age). */
  domainTeams: readonly DomainTeamFact[];
}

export type RuleOutcome = 'matched' | 'outranked' | 'no_match';

export type SelfReferralCause = 'own_email' | 'own_company_domain';

export interface RuleCheck {
  rule: AttributionRule;
  outcome: RuleOutcome;
  /** Why the rule did not match (`no_match`) or why it was not used (`outranked`). */
  reason?: string;
  affiliateId?: string;
  [detail: string]: unknown;
}

export interface AttributionEvidence {
  decision: 'attributed' | 'self_referral' | 'unattributed';
  rule: AttributionRule | null;
  signupAt: string;
  emailDomain: string;
  companyDomain: boolean;
  attributionModel: AttributionModel;
  cookieWindowDays: number;
  windowStart: string;
  /** In precedence order. */
  checks: RuleCheck[];
  selfReferral?: { affiliateId: string; rule: AttributionRule; cause: SelfReferralCause };
}

interface Candidate extends ReferrerFact {
  rule: AttributionRule;
  source: ReferralSource;
  linkId: string | null;
  clickId: string | null;
  tag: string | null;
  clickedAt: Date | null;
}

export interface AttributionDecision {
  rule: AttributionRule | null;
  affiliateId: string | null;
  source: ReferralSource | null;
  linkId: string | null;
  clickId: string | null;
  tag: string | null;
  /** Time of the deciding click (click rule only): the `linked` event's time. */
  clickedAt: Date | null;
  selfReferral: { affiliateId: string; rule: AttributionRule; cause: SelfReferralCause } | null;
  evidence: AttributionEvidence;
}

export function attributionWindowStart(signupAt: Date, cookieWindowDays: number): Date {
  return new Date(signupAt.getTime() - cookieWindowDays * msPerDay);
}

/** Both ends inclusive: a click exactly `cookieWindowDays` before the signup still counts. */
function inWindow(time: Date, windowStart: Date, signupAt: Date): boolean {
  return time.getTime() >= windowStart.getTime() && time.getTime() <= signupAt.getTime();
}

function earliest<T>(items: readonly T[], time: (item: T) => Date, id: (item: T) => string): T | undefined {
  return [...items].sort((a, b) => time(a).getTime() - time(b).getTime() || id(a).localeCompare(id(b)))[0];
}

function latest<T>(items: readonly T[], time: (item: T) => Date, id: (item: T) => string): T | undefined {
  return [...items].sort((a, b) => time(b).getTime() - time(a).getTime() || id(b).localeCompare(id(a)))[0];
}

type RuleResult = { candidate: Candidate | null; check: RuleCheck };

function checkAgencyDomain(facts: AttributionFacts): RuleResult {
  const claim = facts.agencyClaim;
  if (!claim || claim.domain !== facts.emailDomain) {
    return {
      candidate: null,
      check: { rule: 'agency_domain', outcome: 'no_match', reason: 'no_claim', domain: facts.emailDomain },
    };
  }
  return {
    candidate: {
      ...referrerOf(claim),
      rule: 'agency_domain',
      source: 'agency',
      linkId: null,
      clickId: null,
      tag: null,
      clickedAt: null,
    },
    check: {
      rule: 'agency_domain',
      outcome: 'matched',
      affiliateId: claim.affiliateId,
      domain: claim.domain,
      claimedAt: claim.claimedAt.toISOString(),
    },
  };
}

function clickDetails(click: ClickFact): Record<string, unknown> {
  return {
    clickId: click.id,
    linkId: click.linkId,
    tag: click.clickTag ?? click.linkTag,
    clickedAt: click.occurredAt.toISOString(),
    counted: click.counted,
  };
}

/** Why the named click cannot decide on its own, or null when it is inside the window. */
function clickRefusal(click: ClickFact, windowStart: Date, signupAt: Date): string | null {
  if (click.occurredAt.getTime() > signupAt.getTime()) return 'click_after_signup';
  if (click.occurredAt.getTime() < windowStart.getTime()) return 'click_expired';
  return null;
}

function checkClick(facts: AttributionFacts, windowStart: Date): RuleResult {
  const compared = { windowStart: windowStart.toISOString(), signupAt: facts.signupAt.toISOString() };
  if (facts.clickId === null) {
    return { candidate: null, check: { rule: 'click', outcome: 'no_match', reason: 'no_click_id' } };
  }
  const named = facts.click;
  if (!named) {
    return {
      candidate: null,
      check: { rule: 'click', outcome: 'no_match', reason: 'click_unknown', clickId: facts.clickId },
    };
  }
  const refusal = clickRefusal(named, windowStart, facts.signupAt);
  let chosen: ClickFact | undefined = refusal ? undefined : named;
  if (facts.attributionModel === 'first_click') {
    const visitorClicks = facts.visitorClicks.filter(
      (click) => click.counted && inWindow(click.occurredAt, windowStart, facts.signupAt),
    );
    chosen = earliest(
      chosen ? [chosen, ...visitorClicks] : visitorClicks,
      (click) => click.occurredAt,
      (click) => click.id,
    );
  }
  if (!chosen) {
    return {
      candidate: null,
      check: { rule: 'click', outcome: 'no_match', reason: refusal!, ...clickDetails(named), ...compared },
    };
  }
  const tag = chosen.clickTag ?? chosen.linkTag;
  return {
    candidate: {
      ...referrerOf(chosen),
      rule: 'click',
      source: tag ? 'content' : 'direct_link',
      linkId: chosen.linkId,
      clickId: chosen.id,
      tag,
      clickedAt: chosen.occurredAt,
    },
    check: {
      rule: 'click',
      outcome: 'matched',
      affiliateId: chosen.affiliateId,
      ...clickDetails(chosen),
      ...compared,
      ...(chosen.id !== named.id
        ? { namedClickId: named.id, namedClickedAt: named.occurredAt.toISOString(), chosenBy: 'first_click' }
        : {}),
      ...(refusal && chosen.id !== named.id ? { namedClickRefused: refusal } : {}),
    },
  };
}

function checkEmailDomain(facts: AttributionFacts, windowStart: Date): RuleResult {
  const base = { rule: 'email_domain' as const, domain: facts.emailDomain };
  if (!isCompanyDomain(facts.emailDomain)) {
    return { candidate: null, check: { ...base, outcome: 'no_match', reason: 'not_company_domain' } };
  }
  const earlier = facts.domainTeams.filter((team) => team.signedUpAt.getTime() <= facts.signupAt.getTime());
  const inside = earlier.filter((team) => inWindow(team.signedUpAt, windowStart, facts.signupAt));
  const pick = facts.attributionModel === 'first_click' ? earliest : latest;
  const anchor = pick(
    inside,
    (team) => team.signedUpAt,
    (team) => team.teamId,
  );
  const compared = { windowStart: windowStart.toISOString(), signupAt: facts.signupAt.toISOString() };
  if (!anchor) {
    const expired = latest(
      earlier,
      (team) => team.signedUpAt,
      (team) => team.teamId,
    );
    const check: RuleCheck = expired
      ? {
          ...base,
          outcome: 'no_match',
          reason: 'earlier_team_expired',
          earlierTeamId: expired.teamId,
          earlierSignedUpAt: expired.signedUpAt.toISOString(),
          ...compared,
        }
      : { ...base, outcome: 'no_match', reason: 'no_earlier_team' };
    return { candidate: null, check };
  }
  return {
    candidate: {
      ...referrerOf(anchor),
      rule: 'email_domain',
      source: anchor.source,
      linkId: anchor.linkId,
      clickId: null,
      tag: anchor.tag,
      clickedAt: null,
    },
    check: {
      ...base,
      outcome: 'matched',
      affiliateId: anchor.affiliateId,
      earlierTeamId: anchor.teamId,
      earlierSignedUpAt: anchor.signedUpAt.toISOString(),
      ...compared,
    },
  };
}

function referrerOf(fact: ReferrerFact): ReferrerFact {
  return {
    affiliateId: fact.affiliateId,
    affiliateEmail: fact.affiliateEmail,
    affiliateEmailDomain: fact.affiliateEmailDomain,
  };
}

/**
 * The affiliate's own address, or its own company domain; a free-mail or disposable domain shared
 * with the affiliate proves nothing (an affiliate on gmail.com does not own every gmail.com signup).
 */
export function selfReferralCause(
  email: string,
  emailDomain: string,
  referrer: ReferrerFact,
): SelfReferralCause | null {
  if (email === referrer.affiliateEmail) return 'own_email';
  if (emailDomain === referrer.affiliateEmailDomain && isCompanyDomain(emailDomain)) {
    return 'own_company_domain';
  }
  return null;
}

/** Decides a signup's attribution from the facts the caller read; first matching rule wins. */
export function decideAttribution(facts: AttributionFacts): AttributionDecision {
  const windowStart = attributionWindowStart(facts.signupAt, facts.cookieWindowDays);
  const results = [
    checkAgencyDomain(facts),
    checkClick(facts, windowStart),
    checkEmailDomain(facts, windowStart),
  ];
  const winner = results.find((result) => result.candidate !== null)?.candidate ?? null;
  const checks = results.map(({ candidate, check }) =>
    candidate && winner && candidate.rule !== winner.rule
      ? { ...check, outcome: 'outranked' as const, reason: `${winner.rule}_matched_first` }
      : check,
  );
  const evidence: AttributionEvidence = {
    decision: 'unattributed',
    rule: null,
    signupAt: facts.signupAt.toISOString(),
    emailDomain: facts.emailDomain,
    companyDomain: isCompanyDomain(facts.emailDomain),
    attributionModel: facts.attributionModel,
    cookieWindowDays: facts.cookieWindowDays,
    windowStart: windowStart.toISOString(),
    checks,
  };
  const unattributed = {
    rule: null,
    affiliateId: null,
    source: null,
    linkId: null,
    clickId: null,
    tag: null,
    clickedAt: null,
  };
  if (!winner) return { ...unattributed, selfReferral: null, evidence };
  const cause = selfReferralCause(facts.email, facts.emailDomain, winner);
  if (cause) {
    const selfReferral = { affiliateId: winner.affiliateId, rule: winner.rule, cause };
    return {
      ...unattributed,
      selfReferral,
      evidence: { ...evidence, decision: 'self_referral', selfReferral },
    };
  }
  return {
    rule: winner.rule,
    affiliateId: winner.affiliateId,
    source: winner.source,
    linkId: winner.linkId,
    clickId: winner.clickId,
    tag: winner.tag,
    clickedAt: winner.clickedAt,
    selfReferral: null,
    evidence: { ...evidence, decision: 'attributed', rule: winner.rule },
  };
}
