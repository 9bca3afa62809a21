import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../rules/errors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * `/metrics` stays public unless `EMDASH_METRICS_TOKEN` is set; then the scraper sends it as a
 * bearer token. Compared as digests in constant time, so the answer's timing tells nothing.
 */
export function requireMetricsToken(token: string | undefined): (request: FastifyRequest) => Promise<void> {
  const expected = token === undefined ? null : digest(token);
  return async (request) => {
    if (expected === null) return;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      throw new AppError('unauthenticated', 'send the metrics token as "Authorization: Bearer <token>"');
    }
  };
}
