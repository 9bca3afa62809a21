import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonSchema, plausibleValue } from '../fuzz/hostile_requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createAffiliate, createTrackKey } from '../support/attribution.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import {
  approvedAgency,
  asSession,
  type BrowserSession,
  followMailTo,
  workspaceKey,
} from './workspace_support.js';

/**
 * Every workspace operation of the app's own /openapi.json (so routes added later are covered),
 * called against workspace A's real objects by everyone who is not A: another workspace's session
 * and key, a developer affiliate's key, a track key, and nobody. None may succeed, see A's data or
 * write anything; A's own people read every page.
 */

interface MatrixOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  requiredQuery: Array<{ name: string; schema: JsonSchema }>;
  bodySchema: JsonSchema | null;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

const methods = ['get', 'post', 'put', 'delete'] as const;

function workspaceOperations(document: OpenApiDocument): MatrixOperation[] {
  const operations: MatrixOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/agencies/') && !path.startsWith('/v1/projects/')) continue;
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        method: method.toUpperCase() as MatrixOperation['method'],
        path,
        requiredQuery: (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query' && parameter.required)
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

let t: TestApp;
let smtp: TestSmtpServer;
let operations: MatrixOperation[];
/** A's objects by path parameter name, per path prefix. */
const objectsOfA: { agencyId: string; projectId: string | null; memberId: string; keyId: string } = {
  agencyId: '',
  projectId: null,
  memberId: '',
  keyId: '',
};
let ownerA: BrowserSession;
let memberA: BrowserSession;
let keyA: string;
/** What only A's workspace holds: none may appear in an answer to someone else. */
const secretsOfA = [
  'owner@agency-a.test',
  'member@agency-a.test',
  'secret-client-a.example',
  'team_internal_of_a',
  'Secret project of A',
];
/** Who tries, and the only answer each may get: another workspace's object is as if it did not exist. */
const attackers: Array<{ label: string; status: number; session?: BrowserSession; key?: string | null }> = [];

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({ config: { smtpUrl: smtp.url } });
  const a = await approvedAgency(t, smtp, 'owner@agency-a.test');
  objectsOfA.agencyId = a.agencyId;
  ownerA = a.owner;
  const mailCount = smtp.received.length + 1;
  const invited = await asSession(t, ownerA, {
    method: 'POST',
    url: `/v1/agencies/${a.agencyId}/members`,
    payload: { email: 'member@agency-a.test', role: 'agency_member' },
  });
  objectsOfA.memberId = invited.json().userId;
  memberA = await followMailTo(t, smtp, 'member@agency-a.test', mailCount);
  const created = await workspaceKey(t, ownerA, a.agencyId);
  keyA = created.key;
  objectsOfA.keyId = created.id;
  const claimed = await asSession(t, ownerA, {
    method: 'POST',
    url: `/v1/agencies/${a.agencyId}/client-domains`,
    payload: { domain: 'secret-client-a.example' },
  });
  expect(claimed.statusCode).toBe(201);
  const marked = await asSession(t, ownerA, {
    method: 'POST',
    url: `/v1/agencies/${a.agencyId}/internal-teams`,
    payload: { teamId: 'team_internal_of_a' },
  });
  expect(marked.statusCode).toBe(201);

  const document = (
    await t.call({ method: 'GET', url: '/openapi.json', auth: null })
  ).json() as OpenApiDocument;
  operations = workspaceOperations(document);
  if (
    operations.some(
      (operation) => operation.path === '/v1/agencies/{id}/projects' && operation.method === 'POST',
    )
  ) {
    const { exampleConfiguration } = await import('../../src/agencies/rules/configuration.js');
    const project = await asSession(t, ownerA, {
      method: 'POST',
      url: `/v1/agencies/${a.agencyId}/projects`,
      payload: { name: 'Secret project of A', configuration: exampleConfiguration },
    });
    expect(project.statusCode, project.body).toBe(201);
    objectsOfA.projectId = project.json().id;
  }

  const b = await approvedAgency(t, smtp, 'owner@agency-b.test');
  const keyB = await workspaceKey(t, b.owner, b.agencyId);
  const developerId = await createAffiliate(t, 'dev@writer.test');
  const developerKey = await t.call({
    method: 'POST',
    url: '/v1/keys',
    payload: { scope: 'affiliate', name: 'dev', affiliateId: developerId },
  });
  attackers.push(
    { label: "another workspace's owner session", status: 404, session: b.owner },
    { label: "another workspace's key", status: 404, key: keyB.key },
    { label: "a developer affiliate's key", status: 404, key: developerKey.json().key },
    { label: 'a track key', status: 403, key: await createTrackKey(t) },
    { label: 'no credential', status: 401, key: null },
  );
});

afterAll(async () => {
  await t.close();
  await smtp.close();
});

function urlOf(operation: MatrixOperation): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if (name === 'id') {
      return operation.path.startsWith('/v1/projects/')
        ? (objectsOfA.projectId ?? 'prj_none')
        : objectsOfA.agencyId;
    }
    if (name === 'userId') return objectsOfA.memberId;
    if (name === 'keyId') return objectsOfA.keyId;
    return 'x';
  });
  const query = new URLSearchParams(
    operation.requiredQuery.map(({ name, schema }): [string, string] => [
      name,
      String(plausibleValue(schema)),
    ]),
  ).toString();
  return query ? `${path}?${query}` : path;
}

/** A body the schema accepts, so the request reaches the access checks rather than validation. */
function bodyOf(operation: MatrixOperation): unknown {
  if (operation.method === 'GET' || operation.method === 'DELETE') return undefined;
  const body = plausibleValue(operation.bodySchema ?? { type: 'object' }) as Record<string, unknown>;
  if ('email' in body) body.email = 'intruder@attacker.test';
  if ('domain' in body) body.domain = 'attacker-client.example';
  if ('teamId' in body) body.teamId = 'team_of_attacker';
  return body;
}

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await t.context.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await t.context.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = row!.n;
  }
  return counts;
}

describe('workspace isolation matrix', () => {
  it('covers the workspace operations, projects included when they exist', () => {
    const paths = operations.map((operation) => `${operation.method} ${operation.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /v1/agencies/{id}',
        'GET /v1/agencies/{id}/members',
        'POST /v1/agencies/{id}/members',
        'DELETE /v1/agencies/{id}/members/{userId}',
        'GET /v1/agencies/{id}/keys',
        'POST /v1/agencies/{id}/keys',
        'DELETE /v1/agencies/{id}/keys/{keyId}',
        'GET /v1/agencies/{id}/client-domains',
        'POST /v1/agencies/{id}/client-domains',
        'GET /v1/agencies/{id}/internal-teams',
        'POST /v1/agencies/{id}/internal-teams',
      ]),
    );
  });

  it("nobody but A succeeds on A's objects, sees A's data, or writes anything", async () => {
    const before = await rowCounts();
    const failures: string[] = [];
    for (const operation of operations) {
      const url = urlOf(operation);
      const payload = bodyOf(operation);
      for (const attacker of attackers) {
        const response = attacker.session
          ? await asSession(t, attacker.session, { method: operation.method, url, payload })
          : await t.call({
              method: operation.method,
              url,
              ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
              auth: attacker.key ?? null,
            });
        const where = `${operation.method} ${url} by ${attacker.label}`;
        if (response.statusCode !== attacker.status) {
          failures.push(
            `${where} answered ${response.statusCode}, not ${attacker.status}: ${response.body.slice(0, 200)}`,
          );
        } else if (!String(response.headers['content-type']).includes('application/problem+json')) {
          failures.push(`${where} answered ${response.statusCode} without problem+json`);
        }
        for (const secret of secretsOfA) {
          if (!url.includes(secret) && response.body.includes(secret))
            failures.push(`${where} leaked ${secret}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it("A's owner reads every page, and A's member and key every page but the owners' keys list", async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((candidate) => candidate.method === 'GET')) {
      const url = urlOf(operation);
      const ownerOnly = operation.path === '/v1/agencies/{id}/keys';
      const owner = await asSession(t, ownerA, { method: 'GET', url });
      const member = await asSession(t, memberA, { method: 'GET', url });
      const key = await t.call({ method: 'GET', url, auth: keyA });
      if (owner.statusCode !== 200)
        failures.push(`owner: GET ${url} answered ${owner.statusCode} ${owner.body}`);
      for (const [who, response] of [
        ['member', member],
        ['key', key],
      ] as const) {
        const expected = ownerOnly ? 403 : 200;
        if (response.statusCode !== expected) {
          failures.push(
            `${who}: GET ${url} answered ${response.statusCode}, not ${expected}: ${response.body}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
