import { mailerFromConfig } from '../../accounts/mailer.js';
import type { RouteDeps } from '../../app/http/route_deps.js';
import type { ApiKeyAuthenticator } from '../../partners/authenticate_api_key.js';
import { registerClientDomainRoutes } from './client_domain_routes.js';
import { registerInternalTeamRoutes } from './internal_team_routes.js';
import { registerMemberRoutes } from './member_routes.js';
import { registerWorkspaceKeyRoutes } from './workspace_key_routes.js';

/**
 * Everything of an agency's workspace except its projects: the agency, members, keys, client
 * domains (and their disputes), internal teams. `apiKeys` is the process's key cache.
 */
export function registerAgencyWorkspaceRoutes(deps: RouteDeps, apiKeys?: ApiKeyAuthenticator): void {
  registerMemberRoutes(deps, mailerFromConfig(deps.context.config, deps.context.logger));
  registerWorkspaceKeyRoutes(deps, apiKeys);
  registerClientDomainRoutes(deps);
  registerInternalTeamRoutes(deps);
}
