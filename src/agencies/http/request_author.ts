import type { FastifyRequest } from 'fastify';
import type { ConfigurationAuthor } from '../storage/project_configuration_versions.js';

/** Who a change is recorded as: the signed-in user (id and email), or the API key's id. */
export function authorOfRequest(request: FastifyRequest): ConfigurationAuthor {
  const signedIn = request.signedIn;
  if (signedIn) return { userId: signedIn.user.id, email: signedIn.user.email, keyId: null };
  return { userId: null, email: null, keyId: request.principal?.keyId ?? null };
}
