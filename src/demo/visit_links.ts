import type { FastifyInstance } from 'fastify';
import type { Context } from '../app/context.js';
import { buildApp } from '../app/http/app.js';
import { registerRedirectRoutes } from '../tracking/http/redirect.js';
import { RedirectHandler } from '../tracking/http/redirect_handler.js';
import { ClickRecorder } from '../tracking/record_click.js';
import { clickCookieName } from '../tracking/rules/clicks.js';

export interface Visit {
  code: string;
  remoteAddress: string;
  userAgent: string;
  /** A visitor already holding the click cookie sends it. */
  cookieClickId?: string | null;
}

/**
 * Visitors of referral links, sent through the real redirect (`GET /r/{code}`) of an in-process
 * app: bots, dedupe, cookies and the buffered click recorder all work as for a person's browser.
 */
export class LinkVisitors {
  private constructor(
    private readonly app: FastifyInstance,
    private readonly redirects: RedirectHandler,
    private readonly recorder: ClickRecorder,
  ) {}

  static async open(context: Context): Promise<LinkVisitors> {
    const recorder = context.clicks instanceof ClickRecorder ? context.clicks : new ClickRecorder(context);
    const redirects = new RedirectHandler(context, recorder);
    const app = await buildApp(context, [(deps) => registerRedirectRoutes(deps, redirects)]);
    await app.ready();
    return new LinkVisitors(app, redirects, recorder);
  }

  /** The click id the redirect handed the visitor; null when it was not counted as a person's click. */
  async visit(visit: Visit): Promise<string | null> {
    const response = await this.app.inject({
      method: 'GET',
      url: `/r/${encodeURIComponent(visit.code)}`,
      remoteAddress: visit.remoteAddress,
      headers: {
        'user-agent': visit.userAgent,
        ...(visit.cookieClickId ? { cookie: `${clickCookieName}=${visit.cookieClickId}` } : {}),
      },
    });
    if (response.statusCode !== 302) {
      throw new Error(`the redirect of ${visit.code} answered ${response.statusCode}, not 302`);
    }
    const location = new URL(String(response.headers.location));
    return location.searchParams.get(clickCookieName);
  }

  /** Writes every buffered click, so that a signup naming one finds it. */
  flush(): Promise<void> {
    return this.recorder.flush();
  }

  async close(): Promise<void> {
    this.redirects.close();
    await this.recorder.close();
    await this.app.close();
  }
}
