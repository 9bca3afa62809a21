import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { advanceClock } from '../../platform/advance_clock.js';
import { actorOf } from '../../platform/http/actor.js';
import { listProgramSettingsVersions } from '../list_program_settings_versions.js';
import { programSettingsSchema } from '../rules/program_settings.js';
import { currentProgramSettings, updateProgramSettings } from '../update_program_settings.js';

const isoTime = z.iso.datetime({ offset: true });

const settingsVersionSchema = z.object({
  version: z.number().int().nullable(),
  effectiveFrom: z.string().nullable(),
  settings: programSettingsSchema,
});

export function registerAdminRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/admin/clock',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Move the simulated clock forward (only with EMDASH_SIMULATED_CLOCK)',
        body: z.object({ now: isoTime }).strict(),
        response: { 200: z.object({ now: z.string(), previous: z.string() }) },
      },
    },
    async (request) => advanceClock(context, new Date(request.body.now)),
  );

  app.get(
    '/v1/admin/clock',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'The program clock',
        response: { 200: z.object({ now: z.string(), simulated: z.boolean() }) },
      },
    },
    async () => ({ now: context.clock.now().toISOString(), simulated: context.clock.simulated }),
  );

  app.get(
    '/v1/admin/settings',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Program settings in force now',
        response: { 200: settingsVersionSchema },
      },
    },
    async () => currentProgramSettings(context),
  );

  app.post(
    '/v1/admin/settings',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Add a settings version (applies from effectiveFrom on, never to the past)',
        body: z
          .object({ changes: programSettingsSchema.partial(), effectiveFrom: isoTime.optional() })
          .strict(),
        response: { 201: settingsVersionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await updateProgramSettings(context, {
          changes: request.body.changes,
          effectiveFrom: request.body.effectiveFrom ? new Date(request.body.effectiveFrom) : undefined,
          author: actorOf(request.principal),
        }),
      ),
  );

  app.get(
    '/v1/admin/settings/versions',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['admin'],
        summary: 'Every settings version, newest first: effective from, author and what it changed',
        response: {
          200: z.object({
            versions: z.array(
              z.object({
                version: z.number().int(),
                effectiveFrom: z.string(),
                createdAt: z.string(),
                author: z.string().nullable(),
                inForce: z.boolean(),
                settings: programSettingsSchema,
                changes: z.array(z.object({ key: z.string(), before: z.unknown(), after: z.unknown() })),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ versions: await listProgramSettingsVersions(context) }),
  );
}
