import {
  type AssumptionOverrides,
  agencyFlags,
  applyOverrides,
  programFlags,
  yearFlags,
} from './assumption_flags.js';
import {
  type Assumptions,
  assumptionsFileSchema,
  assumptionsSchema,
  briefAssumptions,
  describeIssues,
} from './assumptions.js';

export type Resolved = { assumptions: Assumptions } | { errors: string[] };

/**
 * The brief's assumptions, then an assumptions file's (its text, read by the caller), then the
 * flags': each layer replaces what it names. Everything is checked; nothing half-read is used.
 */
export function resolveAssumptions(
  file: { name: string; text: string } | undefined,
  overrides: AssumptionOverrides,
): Resolved {
  let base: Assumptions = briefAssumptions;
  if (file) {
    const fromFile = readAssumptionsFile(file.text);
    if ('errors' in fromFile) return { errors: fromFile.errors.map((error) => `${file.name}: ${error}`) };
    base = { ...briefAssumptions, ...fromFile.assumptions };
    const whole = assumptionsSchema.safeParse(base);
    if (!whole.success)
      return { errors: describeIssues(whole.error).map((error) => `${file.name}: ${error}`) };
  }
  const merged = applyOverrides(base, overrides);
  if ('error' in merged) return { errors: [merged.error] };
  const checked = assumptionsSchema.safeParse(merged.assumptions);
  if (!checked.success)
    return { errors: checked.error.issues.map((issue) => flagIssue(issue.path, issue.message)) };
  return { assumptions: checked.data };
}

function readAssumptionsFile(text: string): { assumptions: Partial<Assumptions> } | { errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { errors: [`not JSON (${(error as Error).message})`] };
  }
  const parsed = assumptionsFileSchema.safeParse(json);
  return parsed.success ? { assumptions: parsed.data } : { errors: describeIssues(parsed.error) };
}

/** Names the flag (and year or agency row) behind a value the schema refused. */
function flagIssue(path: readonly PropertyKey[], message: string): string {
  const [group, index, key] = path;
  if (group === 'years' && typeof index === 'number' && typeof key === 'string' && key in yearFlags) {
    return `${yearFlags[key as keyof typeof yearFlags].flag}, year ${index + 1}: ${message}`;
  }
  if (group === 'agencies' && typeof index === 'number' && typeof key === 'string' && key in agencyFlags) {
    return `${agencyFlags[key as keyof typeof agencyFlags].flag}, row ${index + 1}: ${message}`;
  }
  if (typeof group === 'string' && group in programFlags) {
    return `${programFlags[group as keyof typeof programFlags].flag}: ${message}`;
  }
  return `${path.join('.')}: ${message}`;
}
