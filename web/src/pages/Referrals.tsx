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

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence).filter(([, value]) => value !== null && value !== undefined);
  if (entries.length === 0) return <p className="muted">No evidence recorded.</p>;
  return (
    <dl className="evidence">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{describeValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function describeValue(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
