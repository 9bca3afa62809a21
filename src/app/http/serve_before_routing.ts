import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Answers a request ahead of Fastify's router and returns true, or returns false to let Fastify route it. */
export type ServeBeforeRouting = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * A Fastify `serverFactory`: the `node:http` server Fastify would create, with the same timeouts
 * (72 s keep-alive, no request timeout), whose requests meet `serveFirst` before the router.
 */
export function serverServingFirst(
  serveFirst: ServeBeforeRouting,
): (route: (request: IncomingMessage, response: ServerResponse) => void) => Server {
  return (route) => {
    const server = createServer((request, response) => {
      if (!serveFirst(request, response)) route(request, response);
    });
    server.keepAliveTimeout = 72_000;
    server.requestTimeout = 0;
    return server;
  };
}
