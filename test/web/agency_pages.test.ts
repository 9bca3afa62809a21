import { describe, expect, it } from 'vitest';
import { agencyPageTitle, isAgencyPath, projectIdOfPath } from '../../web/src/pages/agency/agency_routes.js';
import {
  configurationTemplate,
  parseConfiguration,
} from '../../web/src/pages/agency/configuration_template.js';
import { jsonErrorOffset } from '../../web/src/pages/agency/json_error_position.js';

describe("the agency pages' configuration editor checks", () => {
  it('accepts the template and any JSON object', () => {
    expect(parseConfiguration(JSON.stringify(configurationTemplate, null, 2))).toEqual({
      ok: true,
      value: configurationTemplate,
    });
    expect(parseConfiguration('{}')).toEqual({ ok: true, value: {} });
  });

  it('names the line and column of a syntax error', () => {
    const parsed = parseConfiguration('{\n  "schemaVersion": 1,\n  "models": }\n');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toBe('Not valid JSON: unexpected "}" at line 3, column 13.');
  });

  it.each([
    ['{"a": 1,}', 'unexpected "}" at line 1, column 9'],
    ['{"a": [1, 2', 'it ends too early at line 1, column 12'],
    ['{"a": tru}', 'unexpected "}" at line 1, column 10'],
    ['{"a": "x\ty"}', 'unexpected "\\t" at line 1, column 9'],
    ['{"a": 01}', 'unexpected "1" at line 1, column 8'],
    ["{'a': 1}", 'unexpected "\'" at line 1, column 2'],
    ['{"a": 1} x', 'unexpected "x" at line 1, column 10'],
  ])('points at the mistake in %j', (text, where) => {
    const parsed = parseConfiguration(text);
    expect(parsed.ok ? '' : parsed.message).toBe(`Not valid JSON: ${where}.`);
  });

  it('finds no mistake where JSON.parse finds none', () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}', ' { } ', '{"":[]}']) {
      expect(parseConfiguration(text).ok, text).toBe(true);
      expect(jsonErrorOffset(text), text).toBeNull();
    }
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['[1, 2]', 'must be a JSON object'],
    ['42', 'must be a JSON object'],
    ['null', 'must be a JSON object'],
  ])('refuses %j (%s)', (text, reason) => {
    const parsed = parseConfiguration(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(reason);
  });
});

describe("the agency pages' paths", () => {
  it('reads the project id out of a project page path, and nothing else', () => {
    expect(projectIdOfPath('/agency/projects/prj_3kT9x')).toBe('prj_3kT9x');
    expect(projectIdOfPath('/agency/projects/')).toBeNull();
    expect(projectIdOfPath('/agency/projects/a/b')).toBeNull();
    expect(projectIdOfPath('/agency/projects/%3Cscript%3E')).toBeNull();
  });

  it('knows its pages and their titles', () => {
    expect(isAgencyPath('/agency')).toBe(true);
    expect(isAgencyPath('/agency/revenue-share')).toBe(true);
    expect(isAgencyPath('/agency/projects/prj_1')).toBe(true);
    expect(isAgencyPath('/dashboard')).toBe(false);
    expect(agencyPageTitle('/agency/projects/prj_1')).toBe('Project');
    expect(agencyPageTitle('/agency/handoffs')).toBe('Hand-offs');
    expect(agencyPageTitle('/manager')).toBeNull();
  });
});
