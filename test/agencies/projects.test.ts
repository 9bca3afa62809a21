import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleConfiguration } from '../../src/agencies/rules/configuration.js';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  configurationWith,
  createAgencyWithKey,
  createProject,
  projectRowCounts,
} from './projects_support.js';

describe('agency client projects and their configuration versions', () => {
  let t: TestApp;
  let agency: { agencyId: string; key: string; keyId: string };
  let other: { agencyId: string; key: string; keyId: string };

  beforeAll(async () => {
    t = await startTestApp({ start: new Date('2026-03-02T09:00:00Z') });
    agency = await createAgencyWithKey(t, 'ops@studio.example');
    other = await createAgencyWithKey(t, 'ops@rival.example');
  });
  afterAll(async () => t.close());

  it('creates a project at version 1, lists it and reads it with its configuration', async () => {
    const created = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agency.agencyId}/projects`,
      auth: agency.key,
      payload: { name: 'Acme app', clientDomain: 'Acme.Example.', configuration: exampleConfiguration },
    });
    expect(created.statusCode, created.body).toBe(201);
    const project = created.json();
    expect(project).toMatchObject({
      agencyId: agency.agencyId,
      name: 'Acme app',
      clientDomain: 'acme.example',
      version: 1,
      configuration: exampleConfiguration,
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
      handoff: null,
    });
    expect(project.id).toMatch(/^prj_/);

    const list = await t.call({
      method: 'GET',
      url: `/v1/agencies/${agency.agencyId}/projects`,
      auth: agency.key,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().projects.map((p: { id: string }) => p.id)).toContain(project.id);
    expect(list.json().projects[0]).not.toHaveProperty('configuration');

    const read = await t.call({ method: 'GET', url: `/v1/projects/${project.id}`, auth: agency.key });
    expect(read.json()).toEqual(project);
    // A program manager sees every workspace.
    expect((await t.call({ method: 'GET', url: `/v1/projects/${project.id}` })).statusCode).toBe(200);
  });

  it('versions every change, newest first, with its author, time and message; an unchanged save adds nothing', async () => {
    const project = await createProject(t, agency);
    await t.call({ method: 'POST', url: '/v1/admin/clock', payload: { now: '2026-03-03T10:00:00Z' } });
    const second = configurationWith({ models: { default: 'emdash-xl' } });
    const put = await t.call({
      method: 'PUT',
      url: `/v1/projects/${project.id}/configuration`,
      auth: agency.key,
      payload: { configuration: second, message: 'Bigger model' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({
      version: 2,
      configuration: second,
      author: { keyId: agency.keyId },
      createdAt: '2026-03-03T10:00:00.000Z',
      message: 'Bigger model',
    });
    const before = await projectRowCounts(t);
    // The same document, keys in another order: the current version, nothing written.
    const reordered = Object.fromEntries(Object.entries(second).reverse());
    const again = await t.call({
      method: 'PUT',
      url: `/v1/projects/${project.id}/configuration`,
      auth: agency.key,
      payload: { configuration: reordered, message: 'again' },
    });
    expect(again.json()).toMatchObject({ version: 2, message: 'Bigger model' });
    expect(await projectRowCounts(t)).toEqual(before);

    const history = await t.call({
      method: 'GET',
      url: `/v1/projects/${project.id}/configuration/versions`,
      auth: agency.key,
    });
    expect(history.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.json().versions[1]).toMatchObject({
      message: 'Created the project',
      configuration: exampleConfiguration,
    });
    const page = await t.call({
      method: 'GET',
      url: `/v1/projects/${project.id}/configuration/versions?limit=1&before=2`,
      auth: agency.key,
    });
    expect(page.json().versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const read = await t.call({ method: 'GET', url: `/v1/projects/${project.id}`, auth: agency.key });
    expect(read.json()).toMatchObject({
      version: 2,
      configuration: second,
      updatedAt: '2026-03-03T10:00:00.000Z',
    });
  });

  it('diffs any two versions into readable changes and the jsondiffpatch delta', async () => {
    const project = await createProject(t, agency);
    const next = configurationWith({
      models: { default: 'emdash-large' },
      rules: [
        { id: 'typescript-style', glob: 'src/**/*.ts', instructions: 'Strict TypeScript everywhere.' },
        { id: 'docs', glob: 'docs/**', instructions: 'Plain English.' },
      ],
      tools: { enabled: ['code_search', 'test_runner', 'shell'] },
    });
    delete next.ignore;
    const put = await t.call({
      method: 'PUT',
      url: `/v1/projects/${project.id}/configuration`,
      auth: agency.key,
      payload: { configuration: next },
    });
    expect(put.json()).toMatchObject({ version: 2, message: null });
    const diff = await t.call({
      method: 'GET',
      url: `/v1/projects/${project.id}/configuration/diff?from=1&to=2`,
      auth: agency.key,
    });
    expect(diff.statusCode, diff.body).toBe(200);
    expect(diff.json().from).toBe(1);
    expect(diff.json().to).toBe(2);
    expect(diff.json().changes).toEqual([
      { path: 'ignore', op: 'removed', before: ['dist/**'] },
      { path: 'models.fallback', op: 'removed', before: 'emdash-small' },
      {
        path: 'rules[0].instructions',
        op: 'changed',
        before: 'Strict TypeScript; no any; small files with named exports.',
        after: 'Strict TypeScript everywhere.',
      },
      {
        path: 'rules[1]',
        op: 'added',
        after: { id: 'docs', glob: 'docs/**', instructions: 'Plain English.' },
      },
      { path: 'tools.enabled[1]', op: 'removed', before: 'file_edit' },
      { path: 'tools.enabled[2]', op: 'added', after: 'shell' },
    ]);
    expect(diff.json().delta).toMatchObject({ models: { fallback: ['emdash-small', 0, 0] } });
    const backwards = await t.call({
      method: 'GET',
      url: `/v1/projects/${project.id}/configuration/diff?from=2&to=1`,
      auth: agency.key,
    });
    expect(backwards.json().changes).toContainEqual({
      path: 'models.fallback',
      op: 'added',
      after: 'emdash-small',
    });
    const same = await t.call({
      method: 'GET',
      url: `/v1/projects/${project.id}/configuration/diff?from=2&to=2`,
      auth: agency.key,
    });
    expect(same.json()).toEqual({ from: 2, to: 2, changes: [], delta: null });
    const unknown = await t.call({
      method: 'GET',
      url: `/v1/projects/${project.id}/configuration/diff?from=1&to=9`,
      auth: agency.key,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', path: 'to' });
  });

  it('rolls back as a new version equal to the old one', async () => {
    const project = await createProject(t, agency);
    await t.call({
      method: 'PUT',
      url: `/v1/projects/${project.id}/configuration`,
      auth: agency.key,
      payload: { configuration: configurationWith({ tools: { enabled: [] } }) },
    });
    const rolled = await t.call({
      method: 'POST',
      url: `/v1/projects/${project.id}/configuration/rollback`,
      auth: agency.key,
      payload: { version: 1 },
    });
    expect(rolled.statusCode, rolled.body).toBe(200);
    expect(rolled.json()).toMatchObject({
      version: 3,
      configuration: exampleConfiguration,
      message: 'Rolled back to version 1',
    });
    const missing = await t.call({
      method: 'POST',
      url: `/v1/projects/${project.id}/configuration/rollback`,
      auth: agency.key,
      payload: { version: 7 },
    });
    expect(missing.statusCode).toBe(404);
    const history = await t.call({
      method: 'GET',
      url: `/v1/projects/${project.id}/configuration/versions`,
      auth: agency.key,
    });
    expect(history.json().versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  it('keeps versions append-only in the database itself', async () => {
    const project = await createProject(t, agency);
    await expect(
      t.context.db.query('UPDATE project_configuration_versions SET message = $2 WHERE project_id = $1', [
        project.id,
        'rewritten',
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.context.db.query('DELETE FROM project_configuration_versions WHERE project_id = $1', [project.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses bad configurations with a 400 naming the path, and writes nothing', async () => {
    const project = await createProject(t, agency);
    const before = await projectRowCounts(t);
    const cases: Array<[Record<string, unknown>, string]> = [
      [configurationWith({ surprise: true }), 'body.configuration'],
      [
        configurationWith({ models: { default: 'emdash-large', temperature: 2 } }),
        'body.configuration.models',
      ],
      [configurationWith({ schemaVersion: 2 }), 'body.configuration.schemaVersion'],
      [
        configurationWith({ rules: [{ id: 'Bad Id', glob: '*', instructions: 'x' }] }),
        'body.configuration.rules.0.id',
      ],
      [
        configurationWith({
          rules: [
            { id: 'a', glob: '*', instructions: 'x' },
            { id: 'a', glob: '*', instructions: 'y' },
          ],
        }),
        'body.configuration.rules.1.id',
      ],
      [
        configurationWith({ tools: { enabled: Array.from({ length: 33 }, (_, i) => `tool${i}`) } }),
        'body.configuration.tools.enabled',
      ],
      [
        configurationWith({ members: [{ email: 'not an email', role: 'admin' }] }),
        'body.configuration.members.0.email',
      ],
      [
        configurationWith({
          rules: Array.from({ length: 20 }, (_, i) => ({
            id: `r${i}`,
            glob: '*',
            instructions: 'x'.repeat(3_999),
          })),
        }),
        'body.configuration',
      ],
    ];
    for (const [configuration, path] of cases) {
      const response = await t.call({
        method: 'PUT',
        url: `/v1/projects/${project.id}/configuration`,
        auth: agency.key,
        payload: { configuration },
      });
      expect(response.statusCode, JSON.stringify(configuration).slice(0, 80)).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().path, response.body).toBe(path);
    }
    const badDomain = await t.call({
      method: 'POST',
      url: `/v1/agencies/${agency.agencyId}/projects`,
      auth: agency.key,
      payload: { name: 'x', clientDomain: 'not a domain', configuration: exampleConfiguration },
    });
    expect(badDomain.statusCode).toBe(400);
    expect(badDomain.json().path).toBe('clientDomain');
    expect(await projectRowCounts(t)).toEqual(before);
  });

  it("answers another workspace's project as not found, and a developer affiliate's key too", async () => {
    const project = await createProject(t, agency);
    const before = await projectRowCounts(t);
    const developer = await createAgencyWithKey(t, 'dev@solo.example', 'developer');
    for (const key of [other.key, developer.key]) {
      for (const request of [
        { method: 'GET' as const, url: `/v1/projects/${project.id}` },
        { method: 'GET' as const, url: `/v1/projects/${project.id}/configuration/versions` },
        { method: 'GET' as const, url: `/v1/projects/${project.id}/configuration/diff?from=1&to=1` },
        {
          method: 'PUT' as const,
          url: `/v1/projects/${project.id}/configuration`,
          payload: { configuration: configurationWith({ tools: { enabled: [] } }) },
        },
        {
          method: 'POST' as const,
          url: `/v1/projects/${project.id}/configuration/rollback`,
          payload: { version: 1 },
        },
        {
          method: 'POST' as const,
          url: `/v1/projects/${project.id}/handoff`,
          payload: { teamId: 'team_stolen' },
        },
        { method: 'GET' as const, url: `/v1/agencies/${agency.agencyId}/projects` },
        { method: 'GET' as const, url: `/v1/agencies/${agency.agencyId}/handoffs` },
        {
          method: 'POST' as const,
          url: `/v1/agencies/${agency.agencyId}/projects`,
          payload: { name: 'x', configuration: exampleConfiguration },
        },
      ]) {
        const response = await t.call({ ...request, auth: key });
        expect(response.statusCode, `${request.method} ${request.url}`).toBe(404);
        expect(response.body).not.toContain('Client portal');
      }
    }
    const ownDeveloperRoute = await t.call({
      method: 'POST',
      url: `/v1/agencies/${developer.agencyId}/projects`,
      auth: developer.key,
      payload: { name: 'x', configuration: exampleConfiguration },
    });
    expect(ownDeveloperRoute.statusCode).toBe(404);
    expect(await projectRowCounts(t)).toEqual(before);
  });
});
