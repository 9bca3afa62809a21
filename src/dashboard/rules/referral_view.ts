import type { AttributionEvidence, RuleCheck } from '../../referrals/rules/attribution.js';
import { maskEmail } from './mask_email.js';

/** A referred team as its affiliate sees it. */
export interface AffiliateReferral {
  teamId: string;
  email: string;
  status: string;
  source: string | null;
  rule: string | null;
  linkId: string | null;
  linkCode: string | null;
  tag: string | null;
  signedUpAt: string;
  activatedAt: string | null;
  paidAt: string | null;
  sustainedAt: string | null;
  churnedAt: string | null;
  evidence: {
    rule: string | null;
    clickId: string | null;
    clickedAt: string | null;
    attributionModel: string | null;
    cookieWindowDays: number | null;
    windowStart: string | null;
    /** The check that attributed the team to this affiliate, with its details. */
    matched: RuleCheck | null;
  };
}

export interface ReferralRecord {
  teamId: string;
  email: string;
  status: string;
  source: string | null;
  rule: string | null;
  linkId: string | null;
  linkCode: string | null;
  tag: string | null;
  clickId: string | null;
  signedUpAt: Date;
  evidence: Partial<AttributionEvidence>;
  stageTimes: ReadonlyMap<string, Date>;
}

const iso = (date: Date | undefined) => date?.toISOString() ?? null;

/**
 * Only what concerns this affiliate: the email masked, and of the stored evidence only the check
 * that matched for it (outranked checks can name other affiliates). Pure.
 */
export function affiliateReferralView(record: ReferralRecord, affiliateId: string): AffiliateReferral {
  const matched =
    record.evidence.checks?.find(
      (check) => check.outcome === 'matched' && check.affiliateId === affiliateId,
    ) ?? null;
  return {
    teamId: record.teamId,
    email: maskEmail(record.email),
    status: record.status,
    source: record.source,
    rule: record.rule,
    linkId: record.linkId,
    linkCode: record.linkCode,
    tag: record.tag,
    signedUpAt: record.signedUpAt.toISOString(),
    activatedAt: iso(record.stageTimes.get('activated')),
    paidAt: iso(record.stageTimes.get('paid')),
    sustainedAt: iso(record.stageTimes.get('sustained')),
    churnedAt: iso(record.stageTimes.get('churned')),
    evidence: {
      rule: record.rule,
      clickId: record.clickId,
      clickedAt: iso(record.stageTimes.get('linked')),
      attributionModel: record.evidence.attributionModel ?? null,
      cookieWindowDays: record.evidence.cookieWindowDays ?? null,
      windowStart: record.evidence.windowStart ?? null,
      matched,
    },
  };
}
