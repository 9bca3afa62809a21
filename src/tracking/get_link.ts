import type { Context } from '../app/context.js';
import { countReferredTeamsPerStageOfLink } from '../referrals/storage/referral_events.js';
import { type Link, linkUrl } from './create_link.js';
import { countCountedClicksOfLink } from './storage/clicks.js';
import { selectLinkByCode } from './storage/links.js';

export interface LinkFunnel {
  clicks: number;
  signups: number;
  activated: number;
  paid: number;
  sustained: number;
}

export type LinkWithFunnel = Link & LinkFunnel & { funnel: LinkFunnel };

export async function getLink(context: Context, code: string): Promise<LinkWithFunnel | null> {
  const link = await selectLinkByCode(context.db, code);
  if (!link) return null;
  const clicks = await countCountedClicksOfLink(context.db, link.affiliateId, link.id);
  const teamsPerStage = await countReferredTeamsPerStageOfLink(context.db, link.id);
  const funnel: LinkFunnel = {
    clicks,
    signups: teamsPerStage.get('signed_up') ?? 0,
    activated: teamsPerStage.get('activated') ?? 0,
    paid: teamsPerStage.get('paid') ?? 0,
    sustained: teamsPerStage.get('sustained') ?? 0,
  };
  return {
    id: link.id,
    code: link.code,
    url: linkUrl(context, link.code, link.tag),
    affiliateId: link.affiliateId,
    destination: link.destination,
    tag: link.tag,
    createdAt: link.createdAt.toISOString(),
    ...funnel,
    funnel,
  };
}
