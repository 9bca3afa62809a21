import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { applicationsPageSizeMax, listApplications } from '../list_applications.js';

const listQuery = z
  .object({
    status: z.enum(['pending', 'active', 'rejected', 'suspended']).default('pending'),
    limit: z.coerce.number().int().min(1).max(applicationsPageSizeMax).default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

const applicationSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(['developer', 'agency']),
  website: z.string().nullable(),
  status: z.enum(['pending', 'active', 'rejected', 'suspended']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

/** `GET /v1/applications`: what a program manager approves or rejects (admin key or manager session). */
export function registerApplicationListRoute({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/applications',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['accounts'],
        summary: 'Applications in one status (pending by default), oldest first',
        querystring: listQuery,
        response: {
          200: z.object({ applications: z.array(applicationSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => listApplications(context, request.query),
  );
}
