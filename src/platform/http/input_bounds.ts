import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemBody, sendProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reports NUL characters in its body item by item (usage ingestion does). */
    bodyNulJudgedPerItem?: boolean;
  }
}

/** Deeper than any request the API defines; a deeper body is refused before a handler walks it. */
export const requestJsonDepthMax = 32;

export interface InputDefect {
  path: string;
  message: string;
}

/**
 * What in a parsed request part no handler should meet: nesting deeper than the bound (recursive
 * code such as `JSON.stringify` would overflow the stack) and, where asked, a NUL character
 * (PostgreSQL text cannot hold one). Walks with an explicit stack, so the walk itself never
 * overflows; stops at the first defect.
 */
export function inputDefect(
  value: unknown,
  root: string,
  options: { refuseNul: boolean; depthMax?: number },
): InputDefect | null {
  const depthMax = options.depthMax ?? requestJsonDepthMax;
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value === 'string') {
      if (options.refuseNul && next.value.includes('\u0000')) {
        return { path: next.path, message: 'must not contain NUL characters' };
      }
    } else if (next.value !== null && typeof next.value === 'object') {
      if (next.depth >= depthMax) return { path: next.path, message: `nests deeper than ${depthMax} levels` };
      for (const [key, child] of Object.entries(next.value)) {
        pending.push({ value: child, path: `${next.path}.${key}`, depth: next.depth + 1 });
      }
    }
  }
  return null;
}

/**
 * A `preValidation` hook of the API: refuses a body nested too deep, and a NUL character anywhere
 * in the body, path or query, with 400 problem+json, so such input never reaches the database. A
 * route that reports bad items one by one (`bodyNulJudgedPerItem`) judges its body's NULs itself.
 */
export async function refuseUnstorableInput(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const defect =
    (Buffer.isBuffer(request.body)
      ? null
      : inputDefect(request.body, 'body', {
          refuseNul: request.routeOptions.config.bodyNulJudgedPerItem !== true,
        })) ??
    inputDefect(request.query, 'querystring', { refuseNul: true }) ??
    inputDefect(request.params, 'params', { refuseNul: true });
  if (!defect) return undefined;
  return sendProblem(
    reply,
    problemBody(request, 'validation_failed', `${defect.path}: ${defect.message}`, {
      path: defect.path,
      errors: [defect],
    }),
  );
}
