import type { RouteDeps } from '../../app/http/route_deps.js';
import type { Mailer } from '../mailer.js';
import { registerApplicationRoutes } from './application_routes.js';
import { registerSignInRoutes } from './sign_in_routes.js';

export interface AccountRoutesOptions {
  /** Replaces the mailer built from the config (SMTP_URL, or the log line). */
  mailer?: Mailer;
}

/**
 * Everything `src/accounts` serves: sign-in, sessions, `/v1/me` and applications. The sign-in and
 * application paths fall under the strict per-address rate limit by their paths alone.
 */
export function registerAccountRoutes(deps: RouteDeps, options: AccountRoutesOptions = {}): void {
  const mailer = registerSignInRoutes(deps, options);
  registerApplicationRoutes(deps, mailer);
}
