import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { affiliateExists } from '../../partners/storage/affiliates.js';
import { assertCanSeeAffiliate } from '../../platform/http/auth.js';
import { notFound } from '../../platform/rules/errors.js';
import type { LiveEvent } from '../live_event.js';
import { LiveEventHub } from '../live_event_hub.js';

/** A comment line this often keeps proxies from closing an idle stream and shows a dead one. */
export const heartbeatIntervalMs = 15_000;
/** How long a browser's EventSource waits before reconnecting. */
export const reconnectDelayMs = 2_000;

const idParams = z.object({ id: z.string().min(1).max(64) });

/**
 * `GET /v1/affiliates/{id}/events`: server-sent events for one affiliate, from whichever process
 * recorded them (PostgreSQL LISTEN/NOTIFY; PGlite's single connection notifies in-process).
 */
export function registerEventsRoute({ app, context, guards }: RouteDeps): void {
  const hub = new LiveEventHub(context.db);
  const open = new Set<FastifyReply>();
  app.addHook('onClose', async () => {
    for (const reply of open) reply.raw.end();
    await hub.close();
  });

  app.get(
    '/v1/affiliates/:id/events',
    {
      preHandler: guards.adminOrAffiliate,
      schema: {
        tags: ['dashboard'],
        summary: 'Live events click, signup, activated, paid, sustained, commission (text/event-stream)',
        params: idParams,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const affiliateId = request.params.id;
      assertCanSeeAffiliate(request.principal, affiliateId);
      if (!(await affiliateExists(context.db, affiliateId))) throw notFound('affiliate', affiliateId);
      let eventId = 0;
      const send = (event: LiveEvent) => {
        eventId += 1;
        reply.raw.write(`id: ${eventId}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
      };
      const unsubscribe = await hub.subscribe(affiliateId, send);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      reply.raw.write(`retry: ${reconnectDelayMs}\n: listening\n\n`);
      open.add(reply);
      const heartbeat = setInterval(() => reply.raw.write(': heartbeat\n\n'), heartbeatIntervalMs);
      heartbeat.unref();
      // The response closes when the client goes away or the server shuts down.
      reply.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(reply);
      });
    },
  );
}
