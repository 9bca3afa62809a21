import { jsonErrorOffset, lineAndColumn } from './json_error_position.js';

/**
 * What a new project's configuration starts from: a complete schemaVersion 1 document the agency
 * edits (models, rules per file glob, tools, limits, people, ignored paths).
 */
export const configurationTemplate = {
  schemaVersion: 1,
  models: { default: 'emdash-large', fallback: 'emdash-small' },
  rules: [
    {
      id: 'typescript-style',
      glob: 'src/**/*.ts',
      instructions: 'Strict TypeScript; no any; small files with named exports.',
    },
  ],
  tools: { enabled: ['code_search', 'file_edit', 'test_runner'] },
  limits: { monthlyApiCalls: 200_000 },
  members: [{ email: 'lead@client.example', role: 'admin' }],
  ignore: ['dist/**'],
};

export function formatConfiguration(configuration: unknown): string {
  return JSON.stringify(configuration, null, 2);
}

export type ParsedConfiguration = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses the editor's text. A JSON syntax error names its line and column, so it can be found in a
 * long document; the server checks the rest (fields, bounds) and names the path it refuses.
 */
export function parseConfiguration(text: string): ParsedConfiguration {
  if (text.trim() === '')
    return { ok: false, message: 'The configuration is empty: it must be a JSON object.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text) ?? text.length;
    const { line, column } = lineAndColumn(text, offset);
    const found =
      offset < text.length ? `unexpected ${JSON.stringify(text.charAt(offset))}` : 'it ends too early';
    return { ok: false, message: `Not valid JSON: ${found} at line ${line}, column ${column}.` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'The configuration must be a JSON object ({ … }).' };
  }
  return { ok: true, value };
}
