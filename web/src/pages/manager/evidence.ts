// Reading a fraud flag's evidence (a free-form JSON object) for display and for the award choices.

export interface EvidenceLine {
  label: string;
  value: string;
}

/** "emailDomain" → "email domain", "holder.agencyId" → "holder agency id". */
export function humanKey(key: string): string {
  return key
    .replace(/[._]/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const flattenDepthMax = 2;

/** One line per leaf, nested objects flattened to "outer inner" labels (two levels, then JSON). */
export function evidenceLines(details: Record<string, unknown>, prefix = '', depth = 0): EvidenceLine[] {
  const lines: EvidenceLine[] = [];
  for (const [key, value] of Object.entries(details)) {
    const label = prefix ? `${prefix} ${humanKey(key)}` : humanKey(key);
    if (value && typeof value === 'object' && !Array.isArray(value) && depth < flattenDepthMax) {
      lines.push(...evidenceLines(value as Record<string, unknown>, label, depth + 1));
    } else {
      lines.push({ label, value: display(value) });
    }
  }
  return lines;
}

export interface DisputeParty {
  agencyId: string;
  /** "holder", "claimant": the evidence's name for the side. */
  role: string;
  name: string | null;
}

/**
 * The sides of a domain dispute: each evidence entry that names an `agencyId` (`holder: {agencyId}`,
 * `claimant: {agencyId, name}`), each agency once.
 */
export function disputeParties(details: Record<string, unknown>): DisputeParty[] {
  const parties: DisputeParty[] = [];
  for (const [role, value] of Object.entries(details)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const side = value as Record<string, unknown>;
    if (typeof side.agencyId !== 'string' || parties.some((party) => party.agencyId === side.agencyId))
      continue;
    parties.push({
      agencyId: side.agencyId,
      role: humanKey(role),
      name: typeof side.name === 'string' ? side.name : null,
    });
  }
  return parties;
}

export const flagKindLabels: Record<string, string> = {
  self_referral: 'Self-referral',
  disposable_email: 'Disposable email',
  domain_dispute: 'Domain dispute',
  handoff_conflict: 'Hand-off conflict',
};

export function flagKindLabel(kind: string): string {
  return flagKindLabels[kind] ?? humanKey(kind);
}
