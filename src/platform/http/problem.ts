import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorCatalogue } from '../rules/errors.js';

export const problemContentType = 'application/problem+json';

export interface ProblemIssue {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  path?: string;
  requestId: string;
  errors?: ProblemIssue[];
  [extension: string]: unknown;
}

export function problemBody(
  request: FastifyRequest,
  code: ErrorCode,
  detail: string,
  extra: {
    path?: string | undefined;
    errors?: ProblemIssue[];
    details?: Record<string, unknown> | undefined;
  } = {},
): Problem {
  const entry = errorCatalogue[code];
  return {
    ...(extra.details ?? {}),
    type: `https://emdash.dev/problems/${code.replaceAll('_', '-')}`,
    title: entry.title,
    status: entry.status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    code,
    ...(extra.path !== undefined ? { path: extra.path } : {}),
    requestId: String(request.id),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(problemContentType).send(problem);
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments.map(String).join('.');
}

/** Fastify's own error codes for bad input, mapped to the catalogue. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

/** Turns any thrown error into problem+json; only genuine bugs become 500. */
export function toProblem(error: FastifyError | Error, request: FastifyRequest): Problem {
  if (error instanceof AppError) {
    return problemBody(request, error.code, error.message, { path: error.path, details: error.details });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => {
      const where = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const context = error.validationContext ?? 'body';
      return { path: where ? `${context}.${where}` : context, message: issue.message };
    });
    return problemBody(request, 'validation_failed', `${errors[0]?.path}: ${errors[0]?.message}`, {
      path: errors[0]?.path,
      errors,
    });
  }
  const fastifyError = error as FastifyError;
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) return problemBody(request, mapped, error.message);
  if (error instanceof SyntaxError || fastifyError.code?.startsWith('FST_ERR_CTP')) {
    return problemBody(request, 'malformed_json', error.message);
  }
  const databaseProblem = fromDatabaseError(error, request);
  if (databaseProblem) return databaseProblem;
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return problemBody(request, status === 404 ? 'not_found' : 'validation_failed', error.message);
  }
  return problemBody(
    request,
    'internal',
    'Something went wrong on our side; the request id identifies it in the logs.',
  );
}

/**
 * Text PostgreSQL cannot store (a NUL character, in text or jsonb): only a client's text carries
 * one, and the API refuses it before any handler runs (`input_bounds.ts`), so this only catches
 * what a route judging its own items let through. Every other database error, a unique violation
 * or a value out of range included, means the code let through what it should not have: a bug,
 * answered 500 and logged.
 */
const clientTextSqlStates = new Set(['22021', '22P05']);

function fromDatabaseError(error: Error, request: FastifyRequest): Problem | null {
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState !== 'string' || !clientTextSqlStates.has(sqlState)) return null;
  return problemBody(request, 'validation_failed', 'a text in the request cannot be stored (NUL character)');
}

export { formatPath };
