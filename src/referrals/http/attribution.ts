import type { RouteDeps } from '../../app/http/route_deps.js';
import { registerDomainClaimRoutes } from './domain_claims.js';
import { registerFraudReviewRoutes } from './fraud_review.js';
import { registerReferralRoutes } from './referrals.js';
import { registerSignupRoutes } from './signups.js';

/** Signup attribution, team members, the referral read API, domain claims and fraud flags. */
export function registerAttributionRoutes(deps: RouteDeps): void {
  registerSignupRoutes(deps);
  registerReferralRoutes(deps);
  registerDomainClaimRoutes(deps);
  registerFraudReviewRoutes(deps);
}
