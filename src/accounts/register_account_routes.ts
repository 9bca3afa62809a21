import type { ScopeGuard } from '../http/auth.js';
import type { RouteDeps } from '../http/routes/route_deps.js';
import { registerApplicationRoutes } from './application_routes.js';
import type { Mailer } from './mailer.js';
import { registerSignInRoutes } from './sign_in_routes.js';

export interface AccountRoutesOptions {
  /** Per-address rate limits for the public sign-in and application paths. */
  publicPathGuards?: ScopeGuard[];
  /** Replaces the mailer built from the config (SMTP_URL, or the log line). */
  mailer?: Mailer;
}

/** Everything `src/accounts` serves: sign-in, sessions, `/v1/me` and applications. */
export function registerAccountRoutes(deps: RouteDeps, options: AccountRoutesOptions = {}): void {
  const mailer = registerSignInRoutes(deps, options);
  registerApplicationRoutes(deps, mailer, options.publicPathGuards);
}
