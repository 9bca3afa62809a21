import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { ingestUsage } from '../ingest_usage.js';
import { usageEventsPerRequestMax, usageRejectionReasons } from '../rules/usage.js';

// Only the outer shape here: events are checked one by one so that good ones are kept.
const trackUsageBody = z
  .object({
    events: z
      .array(z.unknown())
      .max(usageEventsPerRequestMax, `send at most ${usageEventsPerRequestMax} events a request`),
  })
  .strict();

const trackUsageResponse = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  ignored: z.number().int(),
  rejected: z.array(
    z.object({ index: z.number().int(), reason: z.enum(usageRejectionReasons), message: z.string() }),
  ),
});

export function registerUsageRoutes({ app, context, guards }: RouteDeps): void {
  app.post(
    '/v1/track/usage',
    {
      preHandler: guards.track,
      // A NUL in one event rejects that event alone (`invalid_id`), not the batch.
      config: { bodyNulJudgedPerItem: true },
      schema: {
        tags: ['tracking'],
        summary: 'Report API usage of teams; each event id counts once, ever',
        description:
          'Events: {id, teamId, apiCalls, occurredAt}. Events of teams that are not referred are acknowledged as ignored; bad events are reported by index while the others are kept.',
        body: trackUsageBody,
        response: { 200: trackUsageResponse },
      },
    },
    async (request) => ingestUsage(context, request.body.events),
  );
}
