import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/app.js';
import { signInPathIn, type TestSmtpServer } from '../support/smtp.js';

export interface BrowserSession {
  /** The `Cookie` header a browser would send. */
  cookie: string;
  csrfToken: string;
}

export function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

export function cookieValue(setCookie: readonly string[], name: string): string | undefined {
  const line = setCookie.find((cookie) => cookie.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

export async function requestLink(t: TestApp, email: string): Promise<LightMyRequestResponse> {
  return t.call({ method: 'POST', url: '/v1/auth/magic-link', payload: { email }, auth: null });
}

/** Follows an emailed link the way a browser does and returns the session it opened. */
export async function followLink(t: TestApp, path: string): Promise<BrowserSession> {
  const response = await t.call({ method: 'GET', url: path, auth: null });
  if (response.statusCode !== 303)
    throw new Error(`verify answered ${response.statusCode}: ${response.body}`);
  const cookies = setCookies(response);
  const session = cookieValue(cookies, 'emd_session');
  const csrfToken = cookieValue(cookies, 'emd_csrf');
  if (!session || !csrfToken) throw new Error(`no session cookies in ${cookies.join(' | ')}`);
  return { cookie: `emd_session=${session}; emd_csrf=${csrfToken}`, csrfToken };
}

/** Asks for a link, waits for the message it sends, and follows its link. */
export async function signIn(t: TestApp, smtp: TestSmtpServer, email: string): Promise<BrowserSession> {
  const mailCount = smtp.received.length + 1;
  const answer = await requestLink(t, email);
  if (answer.statusCode !== 202) throw new Error(`magic-link answered ${answer.statusCode}`);
  return followLink(t, signInPathIn(await smtp.nextMail(mailCount)));
}

/** A request made by the signed-in browser (no API key). */
export function asBrowser(
  t: TestApp,
  session: BrowserSession,
  request: { method: 'GET' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string> },
): Promise<LightMyRequestResponse> {
  return t.call({
    method: request.method,
    url: request.url,
    ...(request.payload === undefined ? {} : { payload: request.payload as Record<string, unknown> }),
    headers: { cookie: session.cookie, ...(request.headers ?? {}) },
    auth: null,
  });
}
