import { expect } from 'vitest';
import { exampleConfiguration } from '../../src/agencies/rules/configuration.js';
import type { TestApp } from '../support/app.js';
import { createAffiliate } from '../support/attribution.js';

/** An active agency (made by the program manager) and an API key of its workspace. */
export async function createAgencyWithKey(
  t: TestApp,
  email: string,
  kind: 'agency' | 'developer' = 'agency',
): Promise<{ agencyId: string; key: string; keyId: string }> {
  const agencyId = await createAffiliate(t, email, kind);
  const response = await t.call({
    method: 'POST',
    url: '/v1/keys',
    payload: { scope: 'affiliate', name: 'workspace', affiliateId: agencyId },
  });
  expect(response.statusCode, response.body).toBe(201);
  const { id, key } = response.json() as { id: string; key: string };
  return { agencyId, key, keyId: id };
}

export function configurationWith(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(exampleConfiguration), ...changes };
}

export async function createProject(
  t: TestApp,
  agency: { agencyId: string; key: string },
  body: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  const response = await t.call({
    method: 'POST',
    url: `/v1/agencies/${agency.agencyId}/projects`,
    auth: agency.key,
    payload: {
      name: 'Client portal',
      clientDomain: 'client.example',
      configuration: exampleConfiguration,
      ...body,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

/** Row counts of every table a project route may write. */
export async function projectRowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'agency_projects',
    'project_configuration_versions',
    'project_handoffs',
    'teams',
    'referral_events',
    'fraud_flags',
    'webhook_events',
  ]) {
    const [row] = await t.context.db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`);
    counts[table] = Number(row!.n);
  }
  return counts;
}
