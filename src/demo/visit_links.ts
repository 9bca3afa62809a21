import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Context } from '../app/context.js';
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

interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
}

/**
 * Visitors of referral links, each a `GET /r/{code}` answered by the real redirect handler — the
 * one a server runs on its raw requests before routing: bots, dedupe, cookies and the buffered
 * click recorder all work as for a person's browser. The request and response are in-process
 * objects with the parts of `node:http`'s the handler uses; no socket, no router.
 */
export class LinkVisitors {
  private constructor(
    private readonly redirects: RedirectHandler,
    private readonly recorder: ClickRecorder,
  ) {}

  static async open(context: Context): Promise<LinkVisitors> {
    const recorder = context.clicks instanceof ClickRecorder ? context.clicks : new ClickRecorder(context);
    return new LinkVisitors(new RedirectHandler(context, recorder), recorder);
  }

  /** The click id the redirect handed the visitor; null when it was not counted as a person's click. */
  async visit(visit: Visit): Promise<string | null> {
    const answer = await this.send(visit);
    if (answer.status !== 302) {
      throw new Error(`the redirect of ${visit.code} answered ${answer.status}, not 302`);
    }
    const location = new URL(String(answer.headers.location));
    return location.searchParams.get(clickCookieName);
  }

  private send(visit: Visit): Promise<Answer> {
    const socket = { remoteAddress: visit.remoteAddress };
    const request = {
      method: 'GET',
      url: `/r/${encodeURIComponent(visit.code)}`,
      headers: {
        'user-agent': visit.userAgent,
        ...(visit.cookieClickId ? { cookie: `${clickCookieName}=${visit.cookieClickId}` } : {}),
      },
      socket,
      connection: socket,
    };
    return new Promise<Answer>((resolve, reject) => {
      const answer: Answer = { status: 0, headers: {} };
      const response = {
        headersSent: false,
        writeHead(status: number, headers: OutgoingHttpHeaders) {
          answer.status = status;
          answer.headers = headers;
          response.headersSent = true;
          return response;
        },
        end() {
          resolve(answer);
          return response;
        },
        destroy() {
          reject(new Error(`the redirect of ${visit.code} failed after its headers`));
          return response;
        },
      };
      this.redirects.answer(request as unknown as IncomingMessage, response as unknown as ServerResponse);
    });
  }

  /** Writes every buffered click, so that a signup naming one finds it. */
  flush(): Promise<void> {
    return this.recorder.flush();
  }

  async close(): Promise<void> {
    this.redirects.close();
    await this.recorder.close();
  }
}
