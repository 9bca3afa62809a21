import { demoBehaviour } from './demo_model.js';
import { SeededRandom } from './seeded_random.js';

export interface LinkPlan {
  code: string;
  tag: string | null;
}

export interface AffiliatePlan {
  index: number;
  name: string;
  email: string;
  /** The affiliate's company domain; null for a free-mail address. */
  companyDomain: string | null;
  /** The simulated day the affiliate joins and makes its links. */
  joinDay: number;
  /** How many signups it brings relative to others (a few bring most, as in every program). */
  weight: number;
  /** The first link is untagged; a second one, when present, carries a content tag. */
  links: LinkPlan[];
}

/** Affiliates join over the first two weeks. */
export const affiliateJoinDaysMax = 14;
const productivityWeightMax = 20;

const firstNames = [
  'ada',
  'grace',
  'linus',
  'margaret',
  'ken',
  'barbara',
  'dennis',
  'frances',
  'guido',
  'radia',
];
const lastNames = ['lovelace', 'hopper', 'torvalds', 'hamilton', 'thompson', 'liskov', 'ritchie', 'allen'];
const freeMailDomains = ['gmail.com', 'outlook.com', 'proton.me', 'yahoo.com'];
const contentTags = ['blog', 'youtube', 'newsletter', 'github-readme', 'conf-talk', 'podcast'];

export function planAffiliates(seed: number, count: number): AffiliatePlan[] {
  const plans: AffiliatePlan[] = [];
  for (let index = 0; index < count; index++) {
    const random = new SeededRandom(seed, `affiliate:${index}`);
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const company = random.chance(0.5);
    const companyDomain = company ? `${last}-labs-${index}.io` : null;
    const email = companyDomain
      ? `${first}@${companyDomain}`
      : `${first}.${last}${index}@${random.pick(freeMailDomains)}`;
    const links: LinkPlan[] = [{ code: `${first.slice(0, 3)}${index}${random.base62(5)}`, tag: null }];
    if (random.chance(demoBehaviour.contentAffiliateShare)) {
      links.push({ code: `${last.slice(0, 3)}${index}${random.base62(5)}`, tag: random.pick(contentTags) });
    }
    plans.push({
      index,
      name: `${capitalised(first)} ${capitalised(last)}`,
      email,
      companyDomain,
      joinDay: Math.floor((index * affiliateJoinDaysMax) / count),
      // Pareto with shape 2: most affiliates bring a few signups, a few bring many.
      weight: Math.min(productivityWeightMax, (1 - random.fraction()) ** -0.5),
      links,
    });
  }
  return plans;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
