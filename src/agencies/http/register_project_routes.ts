import type { RouteDeps } from '../../app/http/route_deps.js';
import { registerConfigurationRoutes } from './configuration_routes.js';
import { registerHandoffRoutes } from './handoff_routes.js';
import { registerProjectRoutes } from './project_routes.js';

/** Every route of agency client projects: projects, configuration versions, hand-offs. */
export function registerAgencyProjectRoutes(deps: RouteDeps): void {
  registerProjectRoutes(deps);
  registerConfigurationRoutes(deps);
  registerHandoffRoutes(deps);
}
