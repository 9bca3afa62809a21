import type { Context } from '../app/context.js';
import { type Link, linkUrl } from './create_link.js';

export interface LinkFunnel {
  clicks: number;
  signups: number;
  activated: number;
  paid: number;
  sustained: number;
}

export type LinkWithFunnel = Link & LinkFunnel & { funnel: LinkFunnel };

export async function getLink(context: Context, code: string): Promise<LinkWithFunnel | null> {
  const rows = await context.db.query<{
    id: string;
    code: string;
    affiliate_id: string;
    destination: string;
    tag: string | null;
    created_at: Date;
  }>('SELECT id, code, affiliate_id, destination, tag, created_at FROM links WHERE code = $1', [code]);
  const row = rows[0];
  if (!row) return null;
  const [clicks] = await context.db.query<{ clicks: number }>(
    'SELECT count(*)::int8 AS clicks FROM clicks WHERE link_id = $1 AND counted',
    [row.id],
  );
  const stages = await context.db.query<{ type: string; teams: number }>(
    `SELECT e.type, count(DISTINCT e.team_id)::int8 AS teams
       FROM teams t JOIN referral_events e ON e.team_id = t.id
      WHERE t.link_id = $1 AND t.rule IS NOT NULL AND e.type IN ('signed_up', 'activated', 'paid', 'sustained')
      GROUP BY e.type`,
    [row.id],
  );
  const reached = (type: string) => stages.find((stage) => stage.type === type)?.teams ?? 0;
  const funnel: LinkFunnel = {
    clicks: clicks?.clicks ?? 0,
    signups: reached('signed_up'),
    activated: reached('activated'),
    paid: reached('paid'),
    sustained: reached('sustained'),
  };
  return {
    id: row.id,
    code: row.code,
    url: linkUrl(context, row.code, row.tag),
    affiliateId: row.affiliate_id,
    destination: row.destination,
    tag: row.tag,
    createdAt: row.created_at.toISOString(),
    ...funnel,
    funnel,
  };
}
