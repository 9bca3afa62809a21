import { z } from 'zod';

/** Schemas the project, configuration and hand-off routes share. */

export const versionNumberSchema = z.coerce.number().int().min(1).max(2_147_483_647);

export const messageSchema = z
  .string()
  .trim()
  .max(500)
  .optional()
  .describe('Why the configuration changed; shown in the history');

/** Stored configurations were validated when written; answers carry them as they are. */
export const storedConfigurationSchema = z.record(z.string(), z.unknown());

export const authorSchema = z
  .object({ userId: z.string().optional(), email: z.string().optional(), keyId: z.string().optional() })
  .describe('The signed-in user who made the change, or the API key that did');

export const handoffSummarySchema = z.object({
  teamId: z.string(),
  handedOffAt: z.string(),
  attributed: z.boolean(),
  conflictFlagId: z.string().optional(),
});

export const projectSummarySchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  name: z.string(),
  clientDomain: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  handoff: handoffSummarySchema.nullable(),
});

export const projectSchema = projectSummarySchema.extend({ configuration: storedConfigurationSchema });

export const versionSchema = z.object({
  version: z.number().int(),
  configuration: storedConfigurationSchema,
  author: authorSchema,
  createdAt: z.string(),
  message: z.string().nullable(),
});
