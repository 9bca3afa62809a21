import { type FormEvent, useState } from 'react';
import { api, listOf, problemMessage, statusOf } from '../../api';
import { EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatDate } from '../../format';
import { useApi } from '../../use_api';
import { agencyPath, type ClientDomain } from './agency_api';

export function ClientDomainsPage({ agencyId }: { agencyId: string }) {
  const domains = useApi<unknown>(agencyPath(agencyId, '/client-domains'));
  const rows = listOf<ClientDomain>(domains.data, 'clientDomains');
  return (
    <section>
      <h1>Client domains</h1>
      <p className="muted">
        A claimed domain is yours for good: every team whose people sign up with an email at it is attributed
        to your agency, whatever link they came through.
      </p>
      <ClaimForm agencyId={agencyId} onClaimed={domains.reload} />
      <ErrorNote message={domains.error} />
      {domains.data === null && domains.loading ? <Loading what="your client domains" /> : null}
      {domains.data !== null && rows.length === 0 ? (
        <EmptyState title="No client domains yet.">
          <p>
            Claim your first client's company domain above (for example acme.example), before their team signs
            up.
          </p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="cards" aria-label="Client domains">
          {rows.map((row) => (
            <li key={row.domain} className="card">
              <p>
                <code>{row.domain}</code> <span className="muted">claimed {formatDate(row.createdAt)}</span>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ClaimForm({ agencyId, onClaimed }: { agencyId: string; onClaimed: () => void }) {
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const asked = domain.trim();
    try {
      const before = await api<ClientDomain>('POST', agencyPath(agencyId, '/client-domains'), {
        domain: asked,
      });
      setDone(`${before.domain} is yours: its signups are attributed to your agency.`);
      setDomain('');
      onClaimed();
    } catch (failure) {
      setError(
        statusOf(failure) === 409
          ? `${problemMessage(failure)}. Another agency holds ${asked}: your claim was sent to the program manager, who decides.`
          : problemMessage(failure),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="claim-heading">
      <h2 id="claim-heading">Claim a client's domain</h2>
      <label htmlFor="claim-domain">Company domain</label>
      <input
        id="claim-domain"
        required
        maxLength={253}
        placeholder="acme.example"
        aria-describedby="claim-domain-help"
        value={domain}
        onChange={(event) => setDomain(event.target.value)}
      />
      <p id="claim-domain-help" className="muted">
        Free-mail (gmail.com…) and disposable domains cannot be claimed.
      </p>
      <ErrorNote message={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Claiming…' : 'Claim domain'}
      </button>
      <p role="status" className="muted">
        {done ?? ''}
      </p>
    </form>
  );
}
