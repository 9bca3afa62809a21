// The web app talks only to the public API, on the same origin, with the session cookie.
// State-changing calls carry the CSRF token that GET /v1/me hands out.

export interface Problem {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
  path?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `request failed (${problem.status})`);
    this.status = problem.status;
    this.problem = problem;
  }
}

/** The server answered `route_not_found`: it does not offer this endpoint (an older version). */
export function isMissingEndpoint(failure: unknown): boolean {
  return failure instanceof ApiError && failure.status === 404 && failure.problem.code === 'route_not_found';
}

/** A refused call's message with the field it names, so a form says what to fix. */
export function problemMessage(failure: unknown): string {
  if (failure instanceof ApiError) {
    const where = failure.problem.path ? ` (at ${failure.problem.path})` : '';
    return `${failure.message}${where}`;
  }
  return (failure as Error).message;
}

export function statusOf(failure: unknown): number | null {
  return failure instanceof ApiError ? failure.status : null;
}

let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (parsed && typeof parsed === 'object' ? parsed : {}) as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status });
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface Me {
  user: { id: string; email: string };
  roles: string[];
  affiliateId?: string | null;
  agencyId?: string | null;
  csrfToken?: string;
}

/** The signed-in user, or null when signed out. */
export async function loadMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('GET', '/v1/me');
    rememberCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** Reads a list out of a page object whatever its field is named (`links`, `items`, `data`…). */
export function listOf<T>(page: unknown, field: string): T[] {
  if (Array.isArray(page)) return page as T[];
  if (!page || typeof page !== 'object') return [];
  const record = page as Record<string, unknown>;
  for (const key of [field, 'items', 'data']) {
    if (Array.isArray(record[key])) return record[key] as T[];
  }
  return [];
}
