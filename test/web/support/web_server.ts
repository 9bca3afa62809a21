import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { webDistDir } from '../../../src/app/http/web_app.js';
import type { Config } from '../../../src/platform/config.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { type SmtpInbox, startSmtpInbox } from './smtp_inbox.js';

export const managerEmail = 'manager@emdash.test';

export interface WebServer {
  test: TestApp;
  inbox: SmtpInbox;
  /** `http://127.0.0.1:<port>`, the app's public URL. */
  origin: string;
  close(): Promise<void>;
}

/** The web app as `npm install` builds it; built here only when a checkout skipped that step. */
export function ensureWebAppBuilt(): void {
  if (existsSync(`${webDistDir}/index.html`)) return;
  execFileSync(process.execPath, ['scripts/build_web.mjs'], { stdio: 'inherit' });
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * The real server (API, redirect, web app) on real HTTP at a free port, on a fresh database of the
 * suite's kind, mailing sign-in links to an SMTP server started here. The bootstrap program
 * manager is `managerEmail`.
 */
export async function startWebServer(config: Partial<Config> = {}): Promise<WebServer> {
  ensureWebAppBuilt();
  const inbox = await startSmtpInbox();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const test = await startTestApp({
    config: {
      publicUrl: origin,
      smtpUrl: inbox.url,
      bootstrapManagerEmail: managerEmail,
      ...config,
    },
  });
  await test.app.listen({ port, host: '127.0.0.1' });
  return {
    test,
    inbox,
    origin,
    async close() {
      await test.close();
      await inbox.close();
    },
  };
}
