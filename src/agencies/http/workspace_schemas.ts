import { z } from 'zod';
import { teamIdSchema } from '../../referrals/http/signups.js';

/** Ids this service issues: prefix, underscore, base62. */
export const issuedIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id this service issued, such as prj_3kT9…');

/** `/v1/agencies/{id}/…` and `/v1/projects/{id}/…`: the id in the path. */
export const idParams = z.object({ id: issuedIdSchema });

export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.string(),
  createdAt: z.string(),
});

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  createdAt: z.string(),
});

export const keySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.string(),
  affiliateId: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const createdKeySchema = z.object({
  id: z.string(),
  key: z.string().describe('Shown once; only its hash is stored'),
  scope: z.string(),
  name: z.string(),
  affiliateId: z.string().nullable(),
  createdAt: z.string(),
});

export const clientDomainSchema = z.object({
  domain: z.string(),
  agencyId: z.string(),
  createdAt: z.string(),
});

export const internalTeamSchema = z.object({
  teamId: z.string(),
  agencyId: z.string(),
  createdAt: z.string(),
});

export const internalTeamBody = z.object({ teamId: teamIdSchema }).strict();
