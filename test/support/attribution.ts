import type { LightMyRequestResponse } from 'fastify';
import { randomBase62 } from '../../src/platform/ids.js';
import type { TestApp } from './app.js';

/** Creates an affiliate through the API and returns its id. */
export async function createAffiliate(
  t: TestApp,
  email: string,
  kind: 'developer' | 'agency' = 'developer',
): Promise<string> {
  const response = await t.call({
    method: 'POST',
    url: '/v1/affiliates',
    payload: { email, name: email, kind },
  });
  if (response.statusCode !== 201) throw new Error(`affiliate ${email}: ${response.body}`);
  return (response.json() as { id: string }).id;
}

export async function createLink(
  t: TestApp,
  affiliateId: string,
  tag?: string,
): Promise<{ id: string; code: string }> {
  const response = await t.call({
    method: 'POST',
    url: '/v1/links',
    payload: { affiliateId, ...(tag ? { tag } : {}) },
  });
  if (response.statusCode !== 201) throw new Error(`link: ${response.body}`);
  return response.json() as { id: string; code: string };
}

export function signup(
  t: TestApp,
  payload: Record<string, unknown>,
  auth?: string | null,
): Promise<LightMyRequestResponse> {
  return t.call({
    method: 'POST',
    url: '/v1/track/signup',
    payload,
    ...(auth === undefined ? {} : { auth }),
  });
}

export async function createTrackKey(t: TestApp): Promise<string> {
  const response = await t.call({
    method: 'POST',
    url: '/v1/keys',
    payload: { scope: 'track', name: 'backend' },
  });
  return (response.json() as { key: string }).key;
}

export function uniqueId(prefix: string): string {
  return `${prefix}_${randomBase62(12)}`;
}

/** Row counts of every table a signup may write to. */
export async function writtenRows(t: TestApp): Promise<Record<string, number>> {
  const tables = ['teams', 'referral_events', 'fraud_flags', 'team_member_counts', 'domain_claims'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await t.context.db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`);
    counts[table] = row!.n;
  }
  return counts;
}
