import type { LightMyRequestResponse } from 'fastify';
import { type BrowserSession, followLink } from '../accounts/support.js';
import type { TestApp } from '../support/app.js';
import { signInPathIn, type TestSmtpServer } from '../support/smtp.js';

export type { BrowserSession } from '../accounts/support.js';

/** A request made with a signed-in browser's cookies, and its CSRF token when it changes state. */
export function asSession(
  t: TestApp,
  session: BrowserSession,
  request: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: unknown },
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { cookie: session.cookie };
  if (request.method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
  return t.call({
    method: request.method,
    url: request.url,
    ...(request.payload === undefined ? {} : { payload: request.payload as Record<string, unknown> }),
    headers,
    auth: null,
  });
}

/** Waits for the next message to `email` and follows its sign-in link. */
export async function followMailTo(
  t: TestApp,
  smtp: TestSmtpServer,
  email: string,
  mailCount: number,
): Promise<BrowserSession> {
  const mail = await smtp.nextMail(mailCount);
  if (!mail.to.includes(email))
    throw new Error(`mail ${mailCount} went to ${mail.to.join(', ')}, not ${email}`);
  return followLink(t, signInPathIn(mail));
}

/**
 * An agency that applied through the public form and was approved: its id, and its applicant
 * signed in through the link the approval mailed.
 */
export async function approvedAgency(
  t: TestApp,
  smtp: TestSmtpServer,
  email: string,
): Promise<{ agencyId: string; owner: BrowserSession }> {
  const applied = await t.call({
    method: 'POST',
    url: '/v1/applications',
    payload: { email, name: `Agency ${email}`, kind: 'agency' },
    auth: null,
  });
  if (applied.statusCode !== 202) throw new Error(`application: ${applied.body}`);
  const [row] = await t.context.db.query<{ id: string }>('SELECT id FROM affiliates WHERE email = $1', [
    email,
  ]);
  const mailCount = smtp.received.length + 1;
  const approved = await t.call({ method: 'POST', url: `/v1/affiliates/${row!.id}/approve` });
  if (approved.statusCode !== 200) throw new Error(`approval: ${approved.body}`);
  return { agencyId: row!.id, owner: await followMailTo(t, smtp, email, mailCount) };
}

/** A workspace key created by its owner. */
export async function workspaceKey(
  t: TestApp,
  owner: BrowserSession,
  agencyId: string,
): Promise<{ id: string; key: string }> {
  const created = await asSession(t, owner, {
    method: 'POST',
    url: `/v1/agencies/${agencyId}/keys`,
    payload: { name: 'scripts' },
  });
  if (created.statusCode !== 201) throw new Error(`key: ${created.body}`);
  return created.json() as { id: string; key: string };
}
