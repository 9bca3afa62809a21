import { listOf } from '../api';
import { EmptyState, ErrorNote, Loading } from '../components/ui';
import { formatDate, formatDateTime } from '../format';
import { Link } from '../router';
import { useApi } from '../use_api';

interface ReferralRow {
  teamId: string;
  status: string;
  email?: string;
  emailMasked?: string;
  rule?: string | null;
  tag?: string | null;
  signedUpAt?: string;
  activatedAt?: string | null;
  paidAt?: string | null;
  sustainedAt?: string | null;
  evidence?: Record<string, unknown>;
}

const ruleNames: Record<string, string> = {
  click: 'their click on your link',
  email_domain: 'their email domain',
  agency_domain: 'your agency’s client domain',
};

export function ReferralsPage({ affiliateId }: { affiliateId: string }) {
  const referrals = useApi<unknown>(`/v1/affiliates/${encodeURIComponent(affiliateId)}/referrals`);
  const rows = listOf<ReferralRow>(referrals.data, 'referrals');
  return (
    <section>
      <h1>Your referrals</h1>
      <ErrorNote message={referrals.error} />
      {referrals.data === null && referrals.loading ? <Loading what="your referrals" /> : null}
      {referrals.data !== null && rows.length === 0 ? (
        <EmptyState title="No referred teams yet.">
          <p>
            A team appears here when someone signs up after clicking one of{' '}
            <Link to="/dashboard/links">your links</Link>. It earns you commissions once it activates.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="cards" aria-label="Referred teams">
          {rows.map((referral) => (
            <li key={referral.teamId} className="card">
              <p>
                <strong>{referral.emailMasked ?? referral.email ?? referral.teamId}</strong>{' '}
                <span className={`badge badge-${referral.status}`}>{referral.status}</span>
              </p>
              <p className="muted">
                Signed up {formatDate(referral.signedUpAt)}
                {referral.activatedAt ? ` · activated ${formatDate(referral.activatedAt)}` : ''}
                {referral.paidAt ? ` · first paid ${formatDate(referral.paidAt)}` : ''}
                {referral.sustainedAt ? ` · sustained ${formatDate(referral.sustainedAt)}` : ''}
              </p>
              <details>
                <summary>
                  Why it is yours{referral.rule ? `: ${ruleNames[referral.rule] ?? referral.rule}` : ''}
                </summary>
                <Evidence evidence={referral.evidence ?? {}} />
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const evidenceLabels: Record<string, string> = {
  rule: 'Rule',
  clickId: 'Click',
  clickedAt: 'Clicked',
  signupAt: 'Signed up',
  attributionModel: 'Model',
  cookieWindowDays: 'Window (days)',
  windowStart: 'Window opened',
  tag: 'Tag',
  linkId: 'Link',
  outcome: 'Outcome',
};

/** The attribution evidence as label and value, the matched click's details folded in once. */
function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const { matched, ...shown } = evidence;
  const facts = new Map<string, unknown>(Object.entries(shown));
  if (matched && typeof matched === 'object') {
    for (const [key, value] of Object.entries(matched as Record<string, unknown>)) {
      if (!facts.has(key) && key !== 'affiliateId' && key !== 'counted') facts.set(key, value);
    }
  }
  const entries = [...facts].filter(
    ([, value]) => value !== null && value !== undefined && typeof value !== 'object',
  );
  if (entries.length === 0) return <p className="muted">No evidence recorded.</p>;
  return (
    <dl className="evidence">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{evidenceLabels[key] ?? key}</dt>
          <dd>{describeValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function describeValue(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (value === 'click') return 'their click on your link';
  return String(value);
}
