import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { getAffiliate } from '../../partners/create_affiliate.js';
import { isAllowedDestination } from '../../tracking/rules/links.js';
import { decideApplication } from '../decide_application.js';
import type { Mailer } from '../mailer.js';
import { submitApplication } from '../submit_application.js';
import { emailField } from './sign_in_routes.js';

const applicationBody = z
  .object({
    email: emailField,
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['developer', 'agency']),
    website: z
      .string()
      .trim()
      .max(2048)
      .refine(isAllowedDestination, 'must be an absolute http(s) URL')
      .optional(),
  })
  .strict();

const decisionSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(['developer', 'agency']),
  status: z.enum(['pending', 'active', 'rejected', 'suspended']),
  createdAt: z.string(),
  signInLinkSent: z.boolean(),
});

const idParams = z.object({ id: z.string().min(1).max(64) });

/** Joining the program: the public application, and the program manager's approve or reject. */
export function registerApplicationRoutes({ app, context, guards }: RouteDeps, mailer: Mailer): void {
  app.post(
    '/v1/applications',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Apply to join the program (202 whatever the email; pending until approved)',
        security: [],
        body: applicationBody,
        response: { 202: z.object({ message: z.string() }) },
      },
    },
    async (request, reply) => {
      await submitApplication(context, request.body);
      return reply.code(202).send({
        message: 'Thank you. A program manager reviews applications; approval sends you a sign-in link.',
      });
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/v1/affiliates/:id/${decision}`,
      {
        preHandler: guards.admin,
        schema: {
          tags: ['accounts'],
          summary:
            decision === 'approve'
              ? 'Approve an application (sends a sign-in link)'
              : 'Reject an application',
          params: idParams,
          response: { 200: decisionSchema },
        },
      },
      async (request) => {
        const result = await decideApplication(context, mailer, request.params.id, decision);
        const affiliate = await getAffiliate(context, request.params.id);
        if (!affiliate) throw new Error(`affiliate ${request.params.id} vanished after a decision`);
        return { ...affiliate, status: result.status, signInLinkSent: result.signInLinkSent };
      },
    );
  }
}
