import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/app.js';

export const browserAgent =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

export interface Visitor {
  ip?: string;
  userAgent?: string | null;
  cookie?: string;
  method?: 'GET' | 'HEAD';
}

/** A visitor following a referral link from its own address. */
export function visit(t: TestApp, path: string, visitor: Visitor = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  const userAgent = visitor.userAgent === undefined ? browserAgent : visitor.userAgent;
  if (userAgent !== null) headers['user-agent'] = userAgent;
  if (visitor.cookie) headers.cookie = visitor.cookie;
  const remoteAddress = visitor.ip ?? '198.51.100.10';
  return t.app.inject({ method: visitor.method ?? 'GET', url: path, headers, remoteAddress });
}

/** Creates an affiliate and a link; returns the link's code. */
export async function createLink(
  t: TestApp,
  link: { destination?: string; tag?: string; code?: string } = {},
): Promise<{ code: string; affiliateId: string }> {
  const email = `dev-${Math.random().toString(36).slice(2)}@example.com`;
  const affiliate = await t.call({ method: 'POST', url: '/v1/affiliates', payload: { email, name: 'Dev' } });
  const affiliateId = (affiliate.json() as { id: string }).id;
  const created = await t.call({ method: 'POST', url: '/v1/links', payload: { affiliateId, ...link } });
  if (created.statusCode !== 201) throw new Error(`link not created: ${created.body}`);
  return { code: (created.json() as { code: string }).code, affiliateId };
}

export function clickIdOf(response: LightMyRequestResponse): string {
  const location = new URL(String(response.headers.location));
  return location.searchParams.get('emd_click') ?? '';
}

export async function storedClicks(t: TestApp): Promise<
  Array<{
    id: string;
    link_id: string;
    tag: string | null;
    visitor_hash: string;
    prior_click_id: string | null;
    counted: boolean;
  }>
> {
  await t.context.clicks.flush();
  return t.context.db.query(
    'SELECT id, link_id, tag, visitor_hash, prior_click_id, counted FROM clicks ORDER BY occurred_at, id',
  );
}

export async function countedClicksOf(t: TestApp, code: string): Promise<number> {
  await t.context.clicks.flush();
  const read = await t.call({ method: 'GET', url: `/v1/links/${code}` });
  return (read.json() as { clicks: number }).clicks;
}
