import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { reportedTimeRefusal } from '../platform/rules/reported_time.js';
import { announceReferralTransitions } from './record_referral_transition.js';
import {
  type AttributionDecision,
  type AttributionFacts,
  attributionWindowStart,
  decideAttribution,
  type TeamAttributionRule,
} from './rules/attribution.js';
import { emailDomain, isCompanyDomain, isDisposableDomain, normalizeEmail } from './rules/email.js';
import { applyEvent, canAppend, emptyLifecycle, type LifecycleState } from './rules/lifecycle.js';
import { loadSignupFacts, type SignupFactsQuery } from './storage/attribution_facts.js';
import { insertFraudFlag } from './storage/fraud_flags.js';
import { type AppendReferralEvent, publishFunnelStages } from './storage/referral_events.js';
import { insertSignedUpTeam } from './storage/team_signup.js';
import { loadTeamAttribution } from './storage/teams.js';

export interface SignupInput {
  teamId: string;
  email: string;
  clickId?: string | undefined;
  occurredAt?: Date | undefined;
}

export interface SignupAnswer {
  teamId: string;
  attributed: boolean;
  affiliateId?: string;
  rule: TeamAttributionRule | null;
}

/**
 * Records a signup and decides its attribution once. A team already recorded answers as it did the
 * first time and nothing is written, whatever the repeat carries: a team is attributed once.
 */
export async function trackSignup(context: Context, input: SignupInput): Promise<SignupAnswer> {
  const now = context.clock.now();
  const signupAt = input.occurredAt ?? now;
  const refusal = reportedTimeRefusal(signupAt, now);
  if (refusal) throw new AppError('validation_failed', `occurredAt ${refusal}`, { path: 'occurredAt' });
  const gathered = await gatherFacts(context, input, signupAt);
  if ('known' in gathered) return gathered.known;
  const facts = gathered.facts;
  const decision = decideAttribution(facts);
  const transitions = lifecycleOf(input.teamId, decision, signupAt, now);
  const team = {
    affiliateId: decision.affiliateId,
    linkId: decision.linkId,
    tag: decision.tag,
    source: decision.source,
  };
  return context.db.transaction(async (tx) => {
    const inserted = await insertSignedUpTeam(
      tx,
      {
        id: input.teamId,
        email: facts.email,
        emailDomain: facts.emailDomain,
        clickId: decision.clickId,
        rule: decision.rule,
        evidence: decision.evidence,
        signedUpAt: facts.signupAt,
        createdAt: now,
        ...team,
      },
      transitions.at(-1)!.state.status!,
      transitions.map((transition) => transition.event),
    );
    // Someone recorded the same team meanwhile: the primary key keeps the first answer.
    if (!inserted) return (await loadSignupAnswer(tx, input.teamId))!;
    if (decision.affiliateId !== null) {
      const appended = transitions.map((transition) => ({ ...transition, team }));
      // Counted in the rollups (by insertSignedUpTeam) and published only when a rule attributed it.
      if (decision.rule) await publishFunnelStages(tx, appended);
      await announceReferralTransitions(context, tx, appended);
    }
    if (decision.selfReferral) {
      await insertFraudFlag(tx, {
        id: context.newId('flg'),
        kind: 'self_referral',
        affiliateId: decision.selfReferral.affiliateId,
        teamId: input.teamId,
        details: {
          cause: decision.selfReferral.cause,
          rule: decision.selfReferral.rule,
          email: facts.email,
          emailDomain: facts.emailDomain,
          clickId: facts.clickId,
          signupAt: signupAt.toISOString(),
        },
        createdAt: now,
      });
    }
    if (decision.affiliateId !== null && isDisposableDomain(facts.emailDomain)) {
      // Throwaway addresses are how fake signups are made: the referral stands, a person reviews it.
      await insertFraudFlag(tx, {
        id: context.newId('flg'),
        kind: 'disposable_email',
        affiliateId: decision.affiliateId,
        teamId: input.teamId,
        details: {
          rule: decision.rule,
          emailDomain: facts.emailDomain,
          clickId: facts.clickId,
          signupAt: signupAt.toISOString(),
        },
        createdAt: now,
      });
    }
    return answerOf(input.teamId, decision.affiliateId, decision.rule);
  });
}

/** The recorded answer when the team is already known; otherwise the facts to decide on. */
async function gatherFacts(
  context: Context,
  input: SignupInput,
  signupAt: Date,
): Promise<{ known: SignupAnswer } | { facts: AttributionFacts }> {
  const email = normalizeEmail(input.email);
  const domain = emailDomain(email);
  const settings = (await context.settings.fresh()).at(signupAt);
  const query: SignupFactsQuery = {
    teamId: input.teamId,
    clickId: input.clickId ?? null,
    emailDomain: domain,
    windowStart: attributionWindowStart(signupAt, settings.cookieWindowDays),
    signupAt,
    withVisitorClicks: settings.attributionModel === 'first_click',
    withDomainTeams: isCompanyDomain(domain),
  };
  let read = await loadSignupFacts(context.db, query);
  if (!read.known && query.clickId && !read.click) {
    // Clicks are written in batches off the redirect path; a fresh one may still be buffered.
    await context.clicks.flush();
    read = await loadSignupFacts(context.db, query);
  }
  if (read.known) return { known: answerOf(input.teamId, read.known.affiliateId, read.known.rule) };
  return {
    facts: {
      email,
      emailDomain: domain,
      signupAt,
      cookieWindowDays: settings.cookieWindowDays,
      attributionModel: settings.attributionModel,
      agencyClaim: read.agencyClaim,
      clickId: query.clickId,
      click: read.click,
      visitorClicks: read.click ? read.visitorClicks : [],
      domainTeams: read.domainTeams,
    },
  };
}

/**
 * The signup's lifecycle events in order, each with the state it leaves. Every recorded team has
 * at least `signed_up`, so its cached status always equals the replay.
 */
function lifecycleOf(
  teamId: string,
  decision: AttributionDecision,
  signupAt: Date,
  now: Date,
): Array<{ event: AppendReferralEvent; state: LifecycleState }> {
  let state = emptyLifecycle;
  return lifecycleEventsOf(teamId, decision, signupAt, now).map((event) => {
    if (!canAppend(state, event.type).ok)
      throw new Error(`lifecycle refused ${event.type} for new team ${teamId}`);
    state = applyEvent(state, event);
    return { event, state };
  });
}

/** Every recorded team has at least `signed_up`, so its cached status always equals the replay. */
function lifecycleEventsOf(
  teamId: string,
  decision: AttributionDecision,
  signupAt: Date,
  now: Date,
): AppendReferralEvent[] {
  const events: AppendReferralEvent[] = [];
  if (decision.rule === 'click' && decision.clickedAt) {
    events.push({
      teamId,
      type: 'linked',
      cause: 'click_recorded',
      occurredAt: decision.clickedAt,
      recordedAt: now,
      data: { clickId: decision.clickId, linkId: decision.linkId, tag: decision.tag },
    });
  }
  events.push({
    teamId,
    type: 'signed_up',
    cause: decision.rule
      ? `attributed_by_${decision.rule}`
      : decision.selfReferral
        ? 'self_referral_signup'
        : 'unattributed_signup',
    occurredAt: signupAt,
    recordedAt: now,
    data: decision.rule ? { rule: decision.rule, affiliateId: decision.affiliateId } : {},
  });
  if (decision.selfReferral) {
    events.push({
      teamId,
      type: 'rejected',
      cause: 'self_referral',
      occurredAt: signupAt,
      recordedAt: now,
      data: { ...decision.selfReferral },
    });
  }
  return events;
}

function answerOf(
  teamId: string,
  affiliateId: string | null,
  rule: TeamAttributionRule | null,
): SignupAnswer {
  if (affiliateId === null || rule === null) return { teamId, attributed: false, rule: null };
  return { teamId, attributed: true, affiliateId, rule };
}

async function loadSignupAnswer(db: Queryable, teamId: string): Promise<SignupAnswer | null> {
  const team = await loadTeamAttribution(db, teamId);
  return team ? answerOf(teamId, team.affiliateId, team.rule) : null;
}
