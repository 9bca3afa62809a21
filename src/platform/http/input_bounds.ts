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

interface PendingNode {
  value: object;
  key: string;
  parent: PendingNode | null;
  depth: number;
}

/** `root.a.0.b`: the path of `node` (and of its child `childKey`), spelled only for a defect. */
function pathOf(root: string, node: PendingNode, childKey?: string): string {
  const keys = childKey === undefined ? [] : [childKey];
  for (let at: PendingNode | null = node; at?.parent; at = at.parent) keys.push(at.key);
  return [root, ...keys.reverse()].join('.');
}

/**
 * What in a parsed request part no handler should meet: nesting deeper than the bound (recursive
 * code such as `JSON.stringify` would overflow the stack) and, where asked, a NUL character
 * (PostgreSQL text cannot hold one). Walks with an explicit stack, so the walk itself never
 * overflows; stops at the first defect. Strings are judged where they are met and paths are
 * spelled only for a defect, so a large clean body (a usage batch) costs one small record per
 * object and nothing per field.
 */
export function inputDefect(
  value: unknown,
  root: string,
  options: { refuseNul: boolean; depthMax?: number },
): InputDefect | null {
  const depthMax = options.depthMax ?? requestJsonDepthMax;
  const nulIn = (text: string) => options.refuseNul && text.includes('\u0000');
  if (typeof value === 'string') {
    return nulIn(value) ? { path: root, message: 'must not contain NUL characters' } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  const pending: PendingNode[] = [{ value, key: '', parent: null, depth: 0 }];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.depth >= depthMax) {
      return { path: pathOf(root, node), message: `nests deeper than ${depthMax} levels` };
    }
    const object = node.value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const child = object[key];
      if (typeof child === 'string') {
        if (nulIn(child))
          return { path: pathOf(root, node, key), message: 'must not contain NUL characters' };
      } else if (child !== null && typeof child === 'object') {
        pending.push({ value: child, key, parent: node, depth: node.depth + 1 });
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
