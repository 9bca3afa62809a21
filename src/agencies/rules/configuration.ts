import { z } from 'zod';

/**
 * The EmDash project configuration an agency prepares for a client team and hands off with the
 * project: which models the assistant uses, the rules it follows per file glob, the tools it may
 * call, usage limits and the people it is set up for. Every object is closed (an unknown property
 * is refused, naming its path), every array, string and number is bounded, and the whole document
 * is at most `configurationBytesMax` as JSON, so a stored version is always small and readable.
 */
export const configurationBytesMax = 65_536;
export const configurationRulesMax = 100;
export const configurationToolsMax = 32;
export const configurationMembersMax = 200;
export const configurationIgnoredPathsMax = 200;
export const ruleInstructionsLengthMax = 4_000;
export const globLengthMax = 256;
export const monthlyApiCallsMax = 1_000_000_000_000;

/** Lower-case identifiers: `claude-sonnet-4.5`, `code_search`, `lint-rules`. */
const identifierPattern = /^[a-z0-9][a-z0-9._:-]{0,63}$/;
const identifier = (what: string) =>
  z.string().regex(identifierPattern, `${what}: lower-case letters, digits and . _ : -, at most 64`);

const glob = z
  .string()
  .min(1)
  .max(globLengthMax)
  .regex(/^[\x20-\x7e]+$/, 'a glob of printable ASCII characters');

export const configurationModelsSchema = z.strictObject({
  default: identifier('a model id'),
  fallback: identifier('a model id').optional(),
});

export const configurationRuleSchema = z.strictObject({
  id: identifier('a rule id'),
  glob,
  instructions: z.string().min(1).max(ruleInstructionsLengthMax),
});

export const memberRoles = ['admin', 'developer', 'viewer'] as const;

export const configurationMemberSchema = z.strictObject({
  email: z.string().max(320).pipe(z.email()),
  role: z.enum(memberRoles),
});

export const configurationSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    models: configurationModelsSchema,
    rules: z.array(configurationRuleSchema).max(configurationRulesMax),
    tools: z.strictObject({
      enabled: z.array(identifier('a tool name')).max(configurationToolsMax),
    }),
    limits: z
      .strictObject({
        monthlyApiCalls: z.number().int().min(0).max(monthlyApiCallsMax).optional(),
        concurrentSessions: z.number().int().min(1).max(10_000).optional(),
      })
      .optional(),
    members: z.array(configurationMemberSchema).max(configurationMembersMax).optional(),
    ignore: z.array(glob).max(configurationIgnoredPathsMax).optional(),
  })
  .superRefine((configuration, issues) => {
    reportDuplicates(configuration.rules, (rule) => rule.id, ['rules'], 'id', issues);
    reportDuplicates(configuration.tools.enabled, (tool) => tool, ['tools', 'enabled'], null, issues);
    reportDuplicates(
      configuration.members ?? [],
      (member) => member.email.toLowerCase(),
      ['members'],
      'email',
      issues,
    );
    const bytes = configurationBytes(configuration);
    if (bytes > configurationBytesMax) {
      issues.addIssue({
        code: 'custom',
        message: `the configuration is ${bytes} bytes as JSON; at most ${configurationBytesMax}`,
        path: [],
      });
    }
  })
  .meta({
    description: 'An EmDash project configuration (schemaVersion 1); see docs/agencies.md',
  });

export type ProjectConfiguration = z.infer<typeof configurationSchema>;

function reportDuplicates<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  path: (string | number)[],
  field: string | null,
  issues: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      issues.addIssue({
        code: 'custom',
        message: `${key} appears twice`,
        path: field ? [...path, index, field] : [...path, index],
      });
    }
    seen.add(key);
  });
}

export function configurationBytes(configuration: unknown): number {
  return Buffer.byteLength(JSON.stringify(configuration), 'utf8');
}

/** Key order does not matter: `{a, b}` and `{b, a}` are the same configuration. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function sameConfiguration(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A starting point for a new project: what the docs show and the web form offers. */
export const exampleConfiguration: ProjectConfiguration = {
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
