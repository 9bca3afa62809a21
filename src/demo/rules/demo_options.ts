import { z } from 'zod';
import { type ProgramSettings, programSettingsSchema } from '../../settings/rules/program_settings.js';

/** What a demo run is built from; the defaults are the brief's Year 1 (150 affiliates, 12 months). */
export interface DemoOptions {
  seed: number;
  affiliates: number;
  months: number;
  /** The first simulated day (UTC midnight) when the database holds no clock yet. */
  start: Date;
  /** Program settings in force from the first day; empty keeps the program's own. */
  settings: Partial<ProgramSettings>;
}

export const demoLimits = {
  affiliatesMax: 2_000,
  monthsMax: 36,
  seedMax: 4_294_967_295,
} as const;

export const defaultDemoStart = new Date('2026-01-01T00:00:00Z');

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const demoOptionsSchema = z.strictObject({
  seed: wholeNumber(0, demoLimits.seedMax).default(1),
  affiliates: wholeNumber(1, demoLimits.affiliatesMax).default(150),
  months: wholeNumber(1, demoLimits.monthsMax).default(12),
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-01$/, 'must be the first day of a month, YYYY-MM-01')
    .default('2026-01-01')
    .transform((day) => new Date(`${day}T00:00:00Z`)),
});

/** The options, or `flag: message` lines a person can act on. */
export function parseDemoOptions(
  raw: Record<string, unknown>,
): { ok: true; options: DemoOptions } | { ok: false; problems: string[] } {
  const parsed = demoOptionsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, options: { ...parsed.data, settings: {} } };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `--${issue.path.join('.') || 'options'}: ${issue.message}`),
  };
}

/**
 * Program settings the demo puts in force from its first day (any subset; the rest stay as
 * they are), e.g. a shorter sustained period and payout delay so that a short demo pays out.
 */
export function parseDemoSettings(
  json: unknown,
): { ok: true; settings: Partial<ProgramSettings> } | { ok: false; problems: string[] } {
  const parsed = programSettingsSchema.partial().strict().safeParse(json);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map(
      (issue) => `--settings ${issue.path.join('.') || '(file)'}: ${issue.message}`,
    ),
  };
}
